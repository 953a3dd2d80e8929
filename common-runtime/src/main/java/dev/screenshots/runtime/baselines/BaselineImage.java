package dev.screenshots.runtime.baselines;

/**
 * The image a new baseline version copies.
 *
 * @param bucket the bucket of the job's image
 * @param key its key
 * @param contentType its media type
 * @param bytes its size
 * @param width its width in pixels
 * @param height its height in pixels
 * @param sha256 hex SHA-256 of its bytes
 */
public record BaselineImage(String bucket, String key, String contentType, long bytes, int width, int height,
		String sha256) {

}
