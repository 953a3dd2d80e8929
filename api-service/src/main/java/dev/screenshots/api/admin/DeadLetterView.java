package dev.screenshots.api.admin;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One entry of the dead-letter queue.
 *
 * @param id the entry id
 * @param jobId the job, absent for an unreadable message
 * @param reason why it was dead-lettered
 * @param errorCode the job's error code ({@code UNREADABLE_MESSAGE} for unreadable
 * messages)
 * @param attempts attempts made
 * @param workerId the worker that dead-lettered it
 * @param firstFailedAt when the first attempt failed
 * @param lastFailedAt when the last attempt failed
 * @param deadLetteredAt when it entered the dead-letter queue
 * @param payloadPreview the start of an unreadable message's body
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DeadLetterView(long id, UUID jobId, String reason, String errorCode, int attempts, String workerId,
		Instant firstFailedAt, Instant lastFailedAt, Instant deadLetteredAt, String payloadPreview) {
}
