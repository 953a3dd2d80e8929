package dev.screenshots.runtime.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;

import dev.screenshots.model.capture.Priority;
import dev.screenshots.runtime.outbox.OutboundMessage;

/**
 * Names and declarations of the broker objects both services use. Both declare the same
 * topology (declarations are idempotent), so a job published before any worker started is
 * never dropped as unroutable. The work queue is a priority queue ({@link Priority}).
 *
 * <pre>
 * api-service ──(screenshots, key "capture")──▶ screenshots.capture ──▶ capture-worker
 *                                                 ▲      │ rejected (unreadable)
 *             screenshots.capture.retry.2000ms ───┘      ▼
 *             (TTL, dead-letters back)        (screenshots.dlx, key "capture") ──▶ screenshots.capture.dlq
 * capture-worker ──(default exchange)──▶ retry queues; ──(screenshots.dlx)──▶ dead-letter queue
 * </pre>
 */
public final class CaptureTopology {

	/** Direct exchange the API publishes work to. */
	public static final String EXCHANGE = "screenshots";

	/** Routing key of capture work. */
	public static final String CAPTURE_ROUTING_KEY = "capture";

	/** The work queue the workers consume. */
	public static final String WORK_QUEUE = "screenshots.capture";

	/** Exchange that receives dead-lettered work. */
	public static final String DEAD_LETTER_EXCHANGE = "screenshots.dlx";

	/** Queue that keeps work that cannot succeed. */
	public static final String DEAD_LETTER_QUEUE = "screenshots.capture.dlq";

	/**
	 * Header carrying the job id on every message, so operators can read it without the
	 * body.
	 */
	public static final String JOB_ID_HEADER = OutboundMessage.JOB_ID_HEADER;

	/** Dead-letter header: why the job was dead-lettered. */
	public static final String REASON_HEADER = "x-reason";

	/** Dead-letter header: the job's error code. */
	public static final String ERROR_CODE_HEADER = "x-error-code";

	/** Dead-letter header: attempts made. */
	public static final String ATTEMPTS_HEADER = "x-attempts";

	/** Dead-letter header: the worker that dead-lettered it. */
	public static final String WORKER_HEADER = "x-worker";

	/** Dead-letter header: when the first attempt failed. */
	public static final String FIRST_FAILED_AT_HEADER = "x-first-failed-at";

	/** Dead-letter header: when the last attempt failed. */
	public static final String LAST_FAILED_AT_HEADER = "x-last-failed-at";

	/**
	 * Header with the job's {@link Priority#level()}; the outbox relay publishes it as
	 * the message's AMQP priority.
	 */
	public static final String PRIORITY_HEADER = OutboundMessage.PRIORITY_HEADER;

	private static final String RETRY_QUEUE_PREFIX = WORK_QUEUE + ".retry.";

	private CaptureTopology() {
	}

	/**
	 * The retry queue for one delay: messages wait there for {@code delay} (the queue's
	 * TTL) and are then dead-lettered back to the work queue.
	 * @param delay the delay
	 * @return e.g. {@code screenshots.capture.retry.2000ms}
	 */
	public static String retryQueue(Duration delay) {
		return RETRY_QUEUE_PREFIX + delay.toMillis() + "ms";
	}

	/**
	 * The retry queues for the given delays.
	 * @param delays the configured retry delays
	 * @return the declarations
	 */
	public static Declarables retryDeclarables(List<Duration> delays) {
		List<Declarable> queues = new ArrayList<>();
		for (Duration delay : delays) {
			queues.add(QueueBuilder.durable(retryQueue(delay))
				.ttl((int) delay.toMillis())
				.deadLetterExchange(EXCHANGE)
				.deadLetterRoutingKey(CAPTURE_ROUTING_KEY)
				.build());
		}
		return new Declarables(queues);
	}

	/**
	 * Returns every exchange, queue and binding of the capture flow.
	 * @return the declarations, for a {@code RabbitAdmin} to apply
	 */
	public static Declarables declarables() {
		DirectExchange exchange = ExchangeBuilder.directExchange(EXCHANGE).durable(true).build();
		DirectExchange deadLetterExchange = ExchangeBuilder.directExchange(DEAD_LETTER_EXCHANGE).durable(true).build();
		Queue workQueue = QueueBuilder.durable(WORK_QUEUE)
			.maxPriority(Priority.MAX_LEVEL)
			.deadLetterExchange(DEAD_LETTER_EXCHANGE)
			.deadLetterRoutingKey(CAPTURE_ROUTING_KEY)
			.build();
		Queue deadLetterQueue = QueueBuilder.durable(DEAD_LETTER_QUEUE).build();
		Binding work = BindingBuilder.bind(workQueue).to(exchange).with(CAPTURE_ROUTING_KEY);
		Binding deadLetters = BindingBuilder.bind(deadLetterQueue).to(deadLetterExchange).with(CAPTURE_ROUTING_KEY);
		return new Declarables(exchange, deadLetterExchange, workQueue, deadLetterQueue, work, deadLetters);
	}

}
