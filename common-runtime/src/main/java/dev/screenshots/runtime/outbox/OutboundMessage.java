package dev.screenshots.runtime.outbox;

import java.util.Map;
import java.util.UUID;

/**
 * A message to publish once the current transaction commits.
 *
 * @param jobId the job it is about, or {@code null}; also sent as the {@code x-job-id}
 * header
 * @param exchange the exchange ({@code ""} for the default exchange)
 * @param routingKey the routing key
 * @param payload the body
 * @param headers extra message headers
 */
public record OutboundMessage(UUID jobId, String exchange, String routingKey, byte[] payload,
		Map<String, String> headers) {

	/**
	 * The header the relay puts the job id in, on every message about a job, so operators
	 * can read it without the body.
	 */
	public static final String JOB_ID_HEADER = "x-job-id";

	/**
	 * The header whose number the relay publishes as the message's AMQP priority.
	 */
	public static final String PRIORITY_HEADER = "x-priority";

	public OutboundMessage {
		headers = Map.copyOf(headers);
	}

}
