package dev.screenshots.api.schedules;

import java.time.Instant;
import java.util.UUID;

/**
 * A schedule row.
 *
 * @param id its id
 * @param tenant its tenant
 * @param apiKeyId the key that made it, whose limits its runs use
 * @param name its name, or {@code null}
 * @param cron the cron expression as given
 * @param timeZone the zone the cron is read in
 * @param request the capture request, as JSON
 * @param compare the comparison, as JSON, or {@code null}
 * @param notification the notification ({@code notify}), as JSON, or {@code null}
 * @param paused whether it is paused
 * @param pausedReason why the service paused it, or {@code null}
 * @param nextRunAt when it runs next, {@code null} while paused
 * @param lastRunAt when it last ran
 * @param createdAt when it was made
 * @param updatedAt when it was last changed
 */
record Schedule(UUID id, String tenant, UUID apiKeyId, String name, String cron, String timeZone, String request,
		String compare, String notification, boolean paused, String pausedReason, Instant nextRunAt, Instant lastRunAt,
		Instant createdAt, Instant updatedAt) {

}
