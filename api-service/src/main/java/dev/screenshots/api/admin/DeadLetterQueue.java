package dev.screenshots.api.admin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

import dev.screenshots.runtime.messaging.CaptureTopology;

/**
 * Removes messages of redriven jobs from the dead-letter queue. Messages are taken with
 * manual acknowledgement; those of the given jobs are acknowledged (removed), every other
 * one is returned to the queue untouched.
 */
@Component
class DeadLetterQueue {

	/** The most messages one removal looks at. */
	static final int MAX_SCAN = 10_000;

	private final RabbitTemplate rabbit;

	DeadLetterQueue(RabbitTemplate rabbit) {
		this.rabbit = rabbit;
	}

	/**
	 * Removes the dead-letter messages of these jobs.
	 * @param jobIds the jobs
	 * @return the number of messages removed
	 */
	int remove(Set<UUID> jobIds) {
		if (jobIds.isEmpty()) {
			return 0;
		}
		Integer removed = this.rabbit.execute((channel) -> removeFrom(channel, jobIds));
		return (removed != null) ? removed : 0;
	}

	private static int removeFrom(Channel channel, Set<UUID> jobIds) throws IOException {
		int removed = 0;
		List<Long> others = new ArrayList<>();
		try {
			for (int i = 0; i < MAX_SCAN; i++) {
				GetResponse message = channel.basicGet(CaptureTopology.DEAD_LETTER_QUEUE, false);
				if (message == null) {
					break;
				}
				long tag = message.getEnvelope().getDeliveryTag();
				if (jobIds.contains(jobId(message.getProps().getHeaders()))) {
					channel.basicAck(tag, false);
					removed++;
				}
				else {
					others.add(tag);
				}
			}
		}
		finally {
			for (long tag : others) {
				channel.basicNack(tag, false, true);
			}
		}
		return removed;
	}

	private static UUID jobId(Map<String, Object> headers) {
		Object value = (headers != null) ? headers.get(CaptureTopology.JOB_ID_HEADER) : null;
		if (value == null) {
			return null;
		}
		try {
			return UUID.fromString(value.toString());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
