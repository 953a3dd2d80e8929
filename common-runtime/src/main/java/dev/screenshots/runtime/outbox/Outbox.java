package dev.screenshots.runtime.outbox;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.screenshots.runtime.tracing.TraceHeaders;

/**
 * The transactional outbox. {@link #enqueue} must run inside the transaction that makes
 * the change the message announces: the message exists if and only if the change
 * committed, and the {@link OutboxRelay} publishes it right after the commit.
 */
public class Outbox {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final ApplicationEventPublisher events;

	private final TraceHeaders traceHeaders;

	public Outbox(JdbcClient jdbc, JsonMapper json, ApplicationEventPublisher events, TraceHeaders traceHeaders) {
		this.jdbc = jdbc;
		this.json = json;
		this.events = events;
		this.traceHeaders = traceHeaders;
	}

	/**
	 * Adds a message to the current transaction, with the current trace context in its
	 * headers.
	 * @param message the message
	 * @return the outbox row id
	 * @throws IllegalStateException when no transaction is active
	 */
	public long enqueue(OutboundMessage message) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("Outbox messages must be written inside the transaction they belong to");
		}
		long id = this.jdbc.sql("""
				INSERT INTO outbox_messages (job_id, exchange, routing_key, payload, headers, created_at)
				VALUES (:jobId, :exchange, :routingKey, :payload, CAST(:headers AS jsonb), :now) RETURNING id
				""")
			.param("jobId", message.jobId())
			.param("exchange", message.exchange())
			.param("routingKey", message.routingKey())
			.param("payload", message.payload())
			.param("headers", this.json.writeValueAsString(headers(message)))
			.param("now", OffsetDateTime.now(ZoneOffset.UTC))
			.query(Long.class)
			.single();
		this.events.publishEvent(new OutboxMessageWritten(id));
		return id;
	}

	private Map<String, String> headers(OutboundMessage message) {
		Map<String, String> headers = new LinkedHashMap<>(this.traceHeaders.current());
		headers.putAll(message.headers());
		return headers;
	}

	/**
	 * Whether the broker confirmed all of these messages.
	 * @param ids outbox row ids
	 * @return {@code true} when every one is marked sent
	 */
	public boolean allSent(java.util.Collection<Long> ids) {
		if (ids.isEmpty()) {
			return true;
		}
		return this.jdbc.sql("SELECT count(*) FROM outbox_messages WHERE id IN (:ids) AND sent_at IS NULL")
			.param("ids", ids)
			.query(Long.class)
			.single() == 0;
	}

}
