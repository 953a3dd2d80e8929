package dev.screenshots.runtime.baselines;

import java.time.Instant;
import java.util.UUID;

/**
 * One version of a baseline: a copy of a job's image.
 *
 * @param baselineId the baseline
 * @param name the baseline's name
 * @param version the version, from 1
 * @param jobId the job whose image it is
 * @param origin {@code set} ({@code PUT /baselines/{name}}), {@code approved}
 * ({@code POST /screenshots/{id}/approve}) or {@code auto} ({@code compare.autoCreate})
 * @param bucket the copy's bucket
 * @param key the copy's key
 * @param contentType its media type
 * @param bytes its size
 * @param width its width in pixels
 * @param height its height in pixels
 * @param sha256 hex SHA-256 of its bytes
 * @param createdAt when it was made
 */
public record BaselineVersion(UUID baselineId, String name, int version, UUID jobId, String origin, String bucket,
		String key, String contentType, long bytes, int width, int height, String sha256, Instant createdAt) {

}
