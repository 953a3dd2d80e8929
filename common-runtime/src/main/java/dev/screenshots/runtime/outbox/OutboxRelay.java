package dev.screenshots.runtime.outbox;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageBuilderSupport;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import dev.screenshots.runtime.support.BackgroundLoop;

/**
 * Publishes outbox messages to RabbitMQ with publisher confirms, then marks them sent.
 *
 * <p>
 * One relay thread per service instance. It wakes right after a commit that wrote a
 * message (so publishing normally follows within milliseconds), and polls otherwise. Rows
 * are locked with {@code FOR UPDATE SKIP LOCKED}, so several api-service instances share
 * the work without publishing a row twice at once. A row is marked sent only after the
 * broker confirmed it and did not return it as unroutable; a crash between the confirm
 * and the mark republishes it, which the workers' conditional claim makes harmless
 * (at-least-once delivery, exactly-once effect).
 */
public class OutboxRelay extends BackgroundLoop {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private static final Duration PURGE_EVERY = Duration.ofMinutes(10);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final RabbitTemplate rabbit;

	private final AmqpAdmin admin;

	private final JsonMapper json;

	private final OutboxProperties properties;

	private final Semaphore wakeUps = new Semaphore(0);

	private final Set<String> returned = ConcurrentHashMap.newKeySet();

	private Instant lastPurge = Instant.EPOCH;

	private Instant lastFailureLog = Instant.EPOCH;

	public OutboxRelay(JdbcClient jdbc, TransactionTemplate transactions, ConnectionFactory connectionFactory,
			AmqpAdmin admin, JsonMapper json, OutboxProperties properties) {
		super("outbox-relay");
		if (!connectionFactory.isSimplePublisherConfirms() || !connectionFactory.isPublisherReturns()) {
			// without confirms a publish can never be marked sent: it would be repeated
			// forever
			throw new IllegalStateException("The outbox relay needs publisher confirms and returns: set "
					+ "spring.rabbitmq.publisher-confirm-type=simple and spring.rabbitmq.publisher-returns=true");
		}
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.admin = admin;
		this.json = json;
		this.properties = properties;
		this.rabbit = new RabbitTemplate(connectionFactory);
		this.rabbit.setMandatory(true);
		this.rabbit.setReturnsCallback((returnedMessage) -> this.returned
			.add(returnedMessage.getMessage().getMessageProperties().getMessageId()));
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
	public void onMessageWritten(OutboxMessageWritten event) {
		this.wakeUps.release();
	}

	/** Wakes the loop without interrupting it: an interrupt could break a publish. */
	@Override
	protected void wake(Thread thread) {
		this.wakeUps.release();
	}

	@Override
	protected Duration stopTimeout() {
		return this.properties.confirmTimeout().plusSeconds(2);
	}

	@Override
	protected void loop() {
		Duration backoff = Duration.ZERO;
		while (isRunning()) {
			try {
				int published = relayBatch();
				backoff = Duration.ZERO;
				purgeIfDue();
				if (published >= this.properties.batchSize()) {
					continue;
				}
				await(this.properties.pollInterval());
			}
			catch (RuntimeException ex) {
				backoff = backoff.isZero() ? Duration.ofMillis(100) : backoff.multipliedBy(2);
				if (backoff.compareTo(this.properties.maxBackoff()) > 0) {
					backoff = this.properties.maxBackoff();
				}
				logFailure(ex, backoff);
				pause(backoff);
			}
		}
	}

	/**
	 * Publishes one batch of unsent messages in one transaction.
	 * @return the number of messages confirmed and marked sent
	 */
	int relayBatch() {
		Integer count = this.transactions.execute((status) -> {
			List<Row> rows = this.jdbc.sql("""
					SELECT id, job_id, exchange, routing_key, payload, headers::text AS headers FROM outbox_messages
					WHERE sent_at IS NULL ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED
					""")
				.param("limit", this.properties.batchSize())
				.query((rs, row) -> new Row(rs.getLong("id"), rs.getObject("job_id", UUID.class),
						rs.getString("exchange"), rs.getString("routing_key"), rs.getBytes("payload"),
						this.json.readValue(rs.getString("headers"), new TypeReference<Map<String, String>>() {
						})))
				.list();
			if (rows.isEmpty()) {
				return 0;
			}
			publish(rows);
			List<Long> confirmed = rows.stream()
				.map(Row::id)
				.filter((id) -> !this.returned.remove(String.valueOf(id)))
				.toList();
			if (confirmed.size() < rows.size()) {
				log.warn("{} outbox message(s) were unroutable; declaring the topology again and retrying",
						rows.size() - confirmed.size());
				this.admin.initialize();
			}
			if (!confirmed.isEmpty()) {
				this.jdbc.sql("UPDATE outbox_messages SET sent_at = :now, attempts = attempts + 1 WHERE id IN (:ids)")
					.param("now", OffsetDateTime.now(ZoneOffset.UTC))
					.param("ids", confirmed)
					.update();
			}
			return confirmed.size();
		});
		return (count != null) ? count : 0;
	}

	private void publish(List<Row> rows) {
		this.rabbit.invoke((operations) -> {
			for (Row row : rows) {
				MessageBuilderSupport<Message> builder = MessageBuilder.withBody(row.payload())
					.setContentType(MessageProperties.CONTENT_TYPE_JSON)
					.setContentEncoding("UTF-8")
					.setMessageId(String.valueOf(row.id()))
					.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
				if (row.jobId() != null) {
					builder.setHeader(OutboundMessage.JOB_ID_HEADER, row.jobId().toString());
				}
				row.headers().forEach(builder::setHeader);
				String priority = row.headers().get(OutboundMessage.PRIORITY_HEADER);
				if (priority != null) {
					builder.setPriority(Integer.valueOf(priority));
				}
				Message message = builder.build();
				operations.send(row.exchange(), row.routingKey(), message);
			}
			operations.waitForConfirmsOrDie(this.properties.confirmTimeout().toMillis());
			return null;
		});
	}

	private void purgeIfDue() {
		Instant now = Instant.now();
		if (Duration.between(this.lastPurge, now).compareTo(PURGE_EVERY) < 0) {
			return;
		}
		this.lastPurge = now;
		int purged = this.jdbc.sql("""
				DELETE FROM outbox_messages WHERE id IN (
				    SELECT id FROM outbox_messages WHERE sent_at < :cutoff LIMIT 10000)
				""")
			.param("cutoff", OffsetDateTime.ofInstant(now.minus(this.properties.retention()), ZoneOffset.UTC))
			.update();
		if (purged > 0) {
			log.debug("Purged {} sent outbox message(s)", purged);
		}
	}

	private void logFailure(RuntimeException ex, Duration backoff) {
		Instant now = Instant.now();
		if (Duration.between(this.lastFailureLog, now).toSeconds() >= 30) {
			this.lastFailureLog = now;
			log.warn("Publishing outbox messages failed; they stay in the outbox and are retried (next in {} ms): {}",
					backoff.toMillis(), ex.toString());
		}
	}

	private void await(Duration timeout) {
		try {
			this.wakeUps.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
			this.wakeUps.drainPermits();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			halt();
		}
	}

	private record Row(long id, UUID jobId, String exchange, String routingKey, byte[] payload,
			Map<String, String> headers) {
	}

}
