package dev.screenshots.api.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.screenshots.model.capture.SourceType;
import dev.screenshots.model.job.JobStatus;
import dev.screenshots.model.storage.StoredArtifact;

/**
 * A screenshot job row: the request, where the job stands, and its outcome. The API
 * creates it in {@code pending}; from then on workers move it, and the API only cancels
 * or redrives it, always through {@link ScreenshotJobs}.
 *
 * @param id the job id
 * @param tenant the tenant of the key that submitted it
 * @param apiKeyId that key
 * @param status the current status
 * @param sourceUrl the page to capture (for files, the entry page on the job's origin)
 * @param options the applied options as JSON
 * @param priority the queue priority
 * @param webhookUrl where the outcome is announced, or {@code null}
 * @param webhookEvents the statuses announced, comma-separated, or {@code null}
 * @param source what the job captures
 * @param attempts how many times a worker claimed it
 * @param workerId the worker that claimed it last
 * @param createdAt when it was accepted
 * @param updatedAt when it last changed
 * @param startedAt when a worker first claimed it
 * @param finishedAt when it reached a terminal status
 * @param nextAttemptAt while waiting for a retry: when it is due
 * @param expiredAt when retention deleted its files
 * @param result the stored image, or {@code null} before there is one
 * @param error why it failed, or {@code null}
 * @param lastError the error of its last failed attempt (no step), or {@code null}
 * @param compare the comparison asked for, as JSON, or {@code null}
 */
public record ScreenshotJob(UUID id, String tenant, UUID apiKeyId, JobStatus status, String sourceUrl, String options,
		String priority, String webhookUrl, String webhookEvents, Source source, int attempts, String workerId,
		Instant createdAt, Instant updatedAt, Instant startedAt, Instant finishedAt, Instant nextAttemptAt,
		Instant expiredAt, Result result, Failure error, Failure lastError, String compare) {

	/**
	 * What a job captures.
	 *
	 * @param type what the job captures
	 * @param entry for files: the page to open
	 * @param prefix for files: where they are in the store
	 * @param files for files: how many
	 * @param bytes for files: their total size
	 */
	public record Source(SourceType type, String entry, String prefix, Integer files, Long bytes) {

		/** A URL job's source: nothing uploaded. */
		public static final Source URL = new Source(SourceType.URL, null, null, null, null);

	}

	/**
	 * The stored image and what the page did.
	 *
	 * @param bucket the bucket
	 * @param key the object key
	 * @param contentType its media type
	 * @param bytes its size
	 * @param width width in pixels, or {@code null} for a PDF
	 * @param height height in pixels, or {@code null} for a PDF
	 * @param sha256 hex SHA-256 of the bytes
	 * @param finalUrl the page's URL after redirects
	 * @param httpStatus the main document's HTTP status
	 * @param blockedRequests requests not loaded
	 * @param blockedRequestsByReason the same by reason, or {@code null} for jobs
	 * completed before the breakdown existed
	 * @param title the page's title
	 * @param consoleErrors console errors and uncaught exceptions of the page
	 * @param warnings what the picture may not show as the client meant it
	 * @param cachedFrom the identical job whose result this is, when the job was answered
	 * from the result cache, or {@code null}
	 * @param artifacts what was kept besides the image (in the image's bucket), empty
	 * when nothing was asked
	 * @param comparison the comparison with a baseline, or {@code null}
	 */
	public record Result(String bucket, String key, String contentType, Long bytes, Integer width, Integer height,
			String sha256, String finalUrl, Integer httpStatus, Integer blockedRequests,
			Map<String, Integer> blockedRequestsByReason, String title, Integer consoleErrors, List<Warning> warnings,
			UUID cachedFrom, List<StoredArtifact> artifacts, Map<String, Object> comparison) {

		/**
		 * One of the artifacts, by name.
		 * @param name e.g. {@code har} or {@code thumbnail}
		 * @return the artifact, or empty when the job has none of that name
		 */
		public Optional<StoredArtifact> artifact(String name) {
			return this.artifacts.stream().filter((artifact) -> artifact.name().equals(name)).findFirst();
		}

	}

	/**
	 * A warning of a completed job.
	 *
	 * @param code a {@code dev.screenshots.model.job.Warning} name
	 * @param message what happened
	 */
	public record Warning(String code, String message) {
	}

	/**
	 * An error of the job.
	 *
	 * @param code the {@code ErrorCode} name
	 * @param message what happened
	 * @param step the status the job failed in, or {@code null} for the last attempt's
	 * error
	 */
	public record Failure(String code, String message, JobStatus step) {
	}

}
