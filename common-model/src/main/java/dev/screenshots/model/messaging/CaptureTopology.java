package dev.screenshots.model.messaging;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;

/**
 * Names and declarations of the broker objects both services use. Both declare the same
 * topology (declarations are idempotent), so a job published before any worker started is
 * never dropped as unroutable.
 *
 * <pre>
 * api-service ──(screenshots, key "capture")──▶ screenshots.capture ──▶ capture-worker
 *                                                    │ rejected
 *                                                    ▼
 *                              (screenshots.dlx, key "capture") ──▶ screenshots.capture.dlq
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
	public static final String JOB_ID_HEADER = "x-job-id";

	private CaptureTopology() {
	}

	/**
	 * Returns every exchange, queue and binding of the capture flow.
	 * @return the declarations, for a {@code RabbitAdmin} to apply
	 */
	public static Declarables declarables() {
		DirectExchange exchange = ExchangeBuilder.directExchange(EXCHANGE).durable(true).build();
		DirectExchange deadLetterExchange = ExchangeBuilder.directExchange(DEAD_LETTER_EXCHANGE).durable(true).build();
		Queue workQueue = QueueBuilder.durable(WORK_QUEUE)
			.deadLetterExchange(DEAD_LETTER_EXCHANGE)
			.deadLetterRoutingKey(CAPTURE_ROUTING_KEY)
			.build();
		Queue deadLetterQueue = QueueBuilder.durable(DEAD_LETTER_QUEUE).build();
		Binding work = BindingBuilder.bind(workQueue).to(exchange).with(CAPTURE_ROUTING_KEY);
		Binding deadLetters = BindingBuilder.bind(deadLetterQueue).to(deadLetterExchange).with(CAPTURE_ROUTING_KEY);
		return new Declarables(exchange, deadLetterExchange, workQueue, deadLetterQueue, work, deadLetters);
	}

}
