package dev.screenshots.model.outbox;

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

	public OutboundMessage {
		headers = Map.copyOf(headers);
	}

}
