package dev.screenshots.worker.storage;

/**
 * An object written to the store.
 *
 * @param bucket the bucket
 * @param key the key
 * @param contentType the media type
 * @param bytes the size
 * @param sha256 hex SHA-256 of the content
 */
public record StoredObject(String bucket, String key, String contentType, long bytes, String sha256) {

}
