package dev.screenshots.api.jobs;

import java.time.Instant;
import java.util.UUID;

import dev.screenshots.model.capture.Priority;

/**
 * A validated request, to be recorded as a pending job.
 *
 * @param id the job id
 * @param tenant the caller's tenant
 * @param apiKeyId the caller's key
 * @param sourceUrl the page to capture (for files, the entry page on the job's origin)
 * @param options the applied options as JSON
 * @param priority the queue priority
 * @param webhookUrl where to announce the outcome, or {@code null}
 * @param webhookEvents the statuses to announce, comma-separated, or {@code null}
 * @param source what the job captures; {@link ScreenshotJob.Source#URL} for a URL
 * @param createdAt when it was accepted, to the microsecond the database keeps
 * @param cacheKey what identical requests share, when the request allows its result to be
 * reused; otherwise {@code null}
 * @param compare the comparison asked for, as JSON, or {@code null}
 */
public record NewJob(UUID id, String tenant, UUID apiKeyId, String sourceUrl, String options, Priority priority,
		String webhookUrl, String webhookEvents, ScreenshotJob.Source source, Instant createdAt, String cacheKey,
		String compare) {
}
