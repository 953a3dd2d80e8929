package dev.screenshots.worker.pipeline;

import java.util.List;
import java.util.UUID;

/**
 * A finished job whose files retention deletes.
 *
 * @param id the job
 * @param bucket the image's bucket, or {@code null} without an image
 * @param key the image's key, or {@code null} without an image
 * @param sourcePrefix where its uploaded files are, or {@code null} for a URL job
 * @param artifactKeys the keys of its stored artifacts, in the image's bucket
 */
public record ExpiringJob(UUID id, String bucket, String key, String sourcePrefix, List<String> artifactKeys) {
}
