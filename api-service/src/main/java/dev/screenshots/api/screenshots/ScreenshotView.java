package dev.screenshots.api.screenshots;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.screenshots.api.jobs.ScreenshotJob;
import dev.screenshots.model.capture.CaptureOptions;
import dev.screenshots.model.capture.Compare;
import dev.screenshots.model.capture.Webhook;
import dev.screenshots.model.job.JobStatus;

/**
 * A job as clients see it. {@code result} is present once completed, {@code error} once
 * failed.
 *
 * @param id the job id
 * @param status the current status
 * @param url the page to capture
 * @param options the options applied, defaults included
 * @param priority the queue priority
 * @param webhook where the outcome is announced, if anywhere
 * @param attempts how many times a worker started the job
 * @param createdAt when the job was accepted
 * @param updatedAt when the job last changed
 * @param startedAt when a worker first claimed it
 * @param finishedAt when it reached a terminal status
 * @param nextAttemptAt while waiting for a retry: when the next attempt is due
 * @param source for inline HTML and bundles: what was uploaded ({@code url} is then the
 * entry page on the job's private origin)
 * @param lastError the error of the last failed attempt (also while waiting for a retry)
 * @param expiredAt when retention deleted the image
 * @param steps every status the job entered, in order, with timings
 * @param result the stored image
 * @param error why it failed
 * @param links related URLs
 * @param compare the comparison with a baseline asked for
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ScreenshotView(UUID id, JobStatus status, String url, CaptureOptions options, String priority, Webhook webhook,
		int attempts, Instant createdAt, Instant updatedAt, Instant startedAt, Instant finishedAt,
		Instant nextAttemptAt, Source source, LastError lastError, Instant expiredAt, List<Step> steps, Result result,
		Error error, Map<String, String> links, Compare compare) {

	/**
	 * The uploaded input of an inline-HTML or bundle job.
	 *
	 * @param type {@code html} or {@code bundle}
	 * @param entry the page opened
	 * @param files how many files
	 * @param bytes their total size
	 */
	record Source(String type, String entry, Integer files, Long bytes) {
	}

	/**
	 * The error of the last failed attempt.
	 *
	 * @param code a stable machine-readable code
	 * @param message a human-readable explanation
	 */
	record LastError(String code, String message) {
	}

	/**
	 * A status the job entered.
	 *
	 * @param status the status
	 * @param attempt the attempt it belongs to (0 before the first claim)
	 * @param enteredAt when
	 * @param durationMs how long the job stayed, absent while it still is in it
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Step(JobStatus status, int attempt, Instant enteredAt, Long durationMs) {
	}

	/**
	 * The stored image.
	 *
	 * @param contentType its media type
	 * @param bytes its size
	 * @param width width in pixels (absent for a PDF)
	 * @param height height in pixels (absent for a PDF)
	 * @param sha256 hex SHA-256 of the bytes
	 * @param storageKey the object key in the bucket
	 * @param downloadUrl a presigned URL that downloads it from the store without an API
	 * key, valid for {@code api.downloads.url-ttl} (absent once retention deleted it);
	 * the {@code image} link downloads it through the API
	 * @param finalUrl the page's URL after redirects
	 * @param httpStatus the main document's HTTP status
	 * @param blockedRequests requests not loaded: blocked by the URL policy, by
	 * {@code blockResourceTypes}/{@code blockUrlPatterns} or by the filter lists of
	 * {@code blockAds}, {@code blockTrackers}, {@code blockCookieBanners},
	 * {@code blockChats}
	 * @param blockedRequestsByReason the same by reason: {@code policy}, {@code options},
	 * {@code ads}, {@code trackers}, {@code cookieBanners}, {@code chats}; reasons
	 * without a blocked request are left out (absent for jobs completed before the
	 * breakdown)
	 * @param title the page's title
	 * @param consoleErrors console errors and uncaught exceptions of the page
	 * @param warnings what the picture may not show as the client meant it: stable codes
	 * ({@code BLANK_IMAGE}, {@code HTTP_ERROR_STATUS}, {@code CONSENT_WALL},
	 * {@code CHALLENGE_PAGE}) with a message; empty when there is nothing to say
	 * @param cachedFrom when the result cache answered the request: the identical job
	 * whose capture this is (absent for a job that captured)
	 * @param artifacts what the job kept besides the image ({@code artifacts},
	 * {@code thumbnail}, the comparison's {@code diff}); absent when nothing was asked
	 * @param comparison the comparison with the baseline: {@code baseline},
	 * {@code baselineVersion}, {@code status} ({@code same}, {@code changed},
	 * {@code size_changed}, {@code no_baseline}), {@code changed},
	 * {@code mismatchPercent}, {@code diffPixels}, {@code comparedPixels},
	 * {@code ignoredPixels}, the sizes, and {@code diffImage} (the {@code diff}
	 * artifact's URL); absent without {@code compare}
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Result(String contentType, long bytes, Integer width, Integer height, String sha256, String storageKey,
			String downloadUrl, String finalUrl, Integer httpStatus, Integer blockedRequests,
			Map<String, Integer> blockedRequestsByReason, String title, Integer consoleErrors,
			List<ScreenshotJob.Warning> warnings, UUID cachedFrom, List<Artifact> artifacts,
			Map<String, Object> comparison) {
	}

	/**
	 * One artifact of a completed job.
	 *
	 * @param name {@code html}, {@code text}, {@code metadata}, {@code har},
	 * {@code console} or {@code thumbnail}
	 * @param status {@code stored}, {@code truncated} (stored, cut to
	 * {@code capture.artifacts.max-bytes}) or {@code absent}
	 * @param contentType its media type
	 * @param bytes its stored size (absent when absent)
	 * @param sha256 hex SHA-256 of the stored bytes
	 * @param width a thumbnail's width in pixels
	 * @param height a thumbnail's height in pixels
	 * @param url where the API serves it ({@code GET /screenshots/{id}/artifacts/{name}})
	 * @param downloadUrl a presigned URL that downloads it from the store without an API
	 * key, valid for {@code api.downloads.url-ttl}
	 * @param problem why it is truncated or absent: {@code ARTIFACT_TRUNCATED},
	 * {@code ARTIFACT_TOO_LARGE}, {@code ARTIFACT_FAILED}, with a message
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Artifact(String name, String status, String contentType, Long bytes, String sha256, Integer width,
			Integer height, String url, String downloadUrl, LastError problem) {
	}

	/**
	 * Why the job failed.
	 *
	 * @param code a stable machine-readable code, see {@code ErrorCode}
	 * @param message a human-readable explanation
	 * @param step the status the job was in when it failed
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Error(String code, String message, JobStatus step) {
	}

}
