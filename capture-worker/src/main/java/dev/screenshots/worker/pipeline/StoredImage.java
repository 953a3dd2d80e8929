package dev.screenshots.worker.pipeline;

/**
 * Where an image was stored, and what it is.
 *
 * @param bucket the bucket
 * @param key the object key
 * @param contentType the media type
 * @param bytes the object size
 * @param width width in pixels
 * @param height height in pixels
 * @param sha256 hex SHA-256 of the object
 */
public record StoredImage(String bucket, String key, String contentType, long bytes, Integer width, Integer height,
		String sha256) {

}
