package dev.screenshots.api.outbox;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The transactional outbox. {@link #enqueue} must run inside the transaction that makes
 * the change the message announces: the message exists if and only if the change
 * committed, and the {@link OutboxRelay} publishes it right after the commit.
 */
@Component
public class Outbox {

	private final OutboxMessageRepository messages;

	private final JsonMapper json;

	private final ApplicationEventPublisher events;

	Outbox(OutboxMessageRepository messages, JsonMapper json, ApplicationEventPublisher events) {
		this.messages = messages;
		this.json = json;
		this.events = events;
	}

	/**
	 * Adds a message to the current transaction.
	 * @param jobId the job the message is about (sent as a header)
	 * @param exchange the exchange to publish to
	 * @param routingKey the routing key
	 * @param payload the message body, serialised as JSON
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void enqueue(UUID jobId, String exchange, String routingKey, Object payload) {
		OutboxMessage message = this.messages
			.save(new OutboxMessage(jobId, exchange, routingKey, this.json.writeValueAsString(payload), Instant.now()));
		this.events.publishEvent(new OutboxMessageWritten(message.id()));
	}

}
