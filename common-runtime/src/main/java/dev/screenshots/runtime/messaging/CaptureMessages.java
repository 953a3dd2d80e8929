package dev.screenshots.runtime.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import dev.screenshots.model.capture.Priority;
import dev.screenshots.model.messaging.CaptureRequested;
import dev.screenshots.runtime.outbox.OutboundMessage;

/**
 * The messages of the capture flow, ready for the outbox.
 */
public final class CaptureMessages {

	private CaptureMessages() {
	}

	/**
	 * Work for a worker, on the work queue now.
	 * @param jobId the job
	 * @param requestedAt when it was (re)queued
	 * @param priority the job's priority
	 * @param json the mapper
	 * @return the message
	 */
	public static OutboundMessage capture(UUID jobId, Instant requestedAt, Priority priority, JsonMapper json) {
		return new OutboundMessage(jobId, CaptureTopology.EXCHANGE, CaptureTopology.CAPTURE_ROUTING_KEY,
				json.writeValueAsBytes(new CaptureRequested(jobId, requestedAt)), priority(priority));
	}

	private static Map<String, String> priority(Priority priority) {
		return Map.of(CaptureTopology.PRIORITY_HEADER, String.valueOf(priority.level()));
	}

	/**
	 * Work for a worker, on the work queue after {@code delay}: parked in the retry queue
	 * of that delay, whose TTL dead-letters it back to the work queue.
	 * @param jobId the job
	 * @param requestedAt when the retry was scheduled
	 * @param delay one of the configured retry delays
	 * @param priority the job's priority, which the message keeps when it goes back to
	 * the work queue
	 * @param json the mapper
	 * @return the message
	 */
	public static OutboundMessage retry(UUID jobId, Instant requestedAt, Duration delay, Priority priority,
			JsonMapper json) {
		return new OutboundMessage(jobId, "", CaptureTopology.retryQueue(delay),
				json.writeValueAsBytes(new CaptureRequested(jobId, requestedAt)), priority(priority));
	}

	/**
	 * A job that cannot succeed, for the dead-letter queue, with the reason in its
	 * headers.
	 * @param jobId the job
	 * @param requestedAt when it was dead-lettered
	 * @param headers reason, error code, attempts, worker
	 * @param json the mapper
	 * @return the message
	 */
	public static OutboundMessage deadLetter(UUID jobId, Instant requestedAt, Map<String, String> headers,
			JsonMapper json) {
		return new OutboundMessage(jobId, CaptureTopology.DEAD_LETTER_EXCHANGE, CaptureTopology.CAPTURE_ROUTING_KEY,
				json.writeValueAsBytes(new CaptureRequested(jobId, requestedAt)), headers);
	}

}
