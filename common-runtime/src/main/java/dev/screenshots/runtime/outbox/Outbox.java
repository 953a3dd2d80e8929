package dev.screenshots.runtime.outbox;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
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
		return enqueueAll(List.of(traced(message))).get(0);
	}

	/**
	 * The message with the current trace context added to its headers: for a message
	 * written later by another thread ({@link #enqueueAll}).
	 * @param message the message
	 * @return the message to enqueue
	 */
	public OutboundMessage traced(OutboundMessage message) {
		Map<String, String> headers = new LinkedHashMap<>(this.traceHeaders.current());
		headers.putAll(message.headers());
		return new OutboundMessage(message.jobId(), message.exchange(), message.routingKey(), message.payload(),
				headers);
	}

	/**
	 * Adds messages to the current transaction in one statement, with the headers they
	 * carry and nothing more: a message meant to carry a trace context must have been
	 * passed through {@link #traced} in its request's thread.
	 * @param messages the messages
	 * @return their outbox row ids, in the same order
	 * @throws IllegalStateException when no transaction is active
	 */
	public List<Long> enqueueAll(List<OutboundMessage> messages) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("Outbox messages must be written inside the transaction they belong to");
		}
		if (messages.isEmpty()) {
			return List.of();
		}
		int count = messages.size();
		String[] jobIds = new String[count];
		String[] exchanges = new String[count];
		String[] routingKeys = new String[count];
		byte[][] payloads = new byte[count][];
		String[] headers = new String[count];
		for (int i = 0; i < count; i++) {
			OutboundMessage message = messages.get(i);
			jobIds[i] = (message.jobId() != null) ? message.jobId().toString() : null;
			exchanges[i] = message.exchange();
			routingKeys[i] = message.routingKey();
			payloads[i] = message.payload();
			headers[i] = this.json.writeValueAsString(message.headers());
		}
		// PostgreSQL inserts, numbers and returns the rows in the order of the SELECT
		List<Long> ids = this.jdbc.sql("""
				INSERT INTO outbox_messages (job_id, exchange, routing_key, payload, headers, created_at)
				SELECT job_id, exchange, routing_key, payload, CAST(headers AS jsonb), :now
				FROM unnest(CAST(:jobIds AS uuid[]), :exchanges, :routingKeys, :payloads, :headers) WITH ORDINALITY
				    AS message (job_id, exchange, routing_key, payload, headers, position)
				ORDER BY position
				RETURNING id
				""")
			.param("jobIds", jobIds)
			.param("exchanges", exchanges)
			.param("routingKeys", routingKeys)
			.param("payloads", payloads)
			.param("headers", headers)
			.param("now", OffsetDateTime.now(ZoneOffset.UTC))
			.query(Long.class)
			.list();
		this.events.publishEvent(new OutboxMessageWritten(ids.get(ids.size() - 1)));
		return ids;
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
