package dev.screenshots.api.monitoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.stereotype.Component;

import dev.screenshots.runtime.messaging.CaptureTopology;

/**
 * Depth and consumers of the work queue, the retry queues and the dead-letter queue, read
 * from the broker ({@code screenshots.queue.messages},
 * {@code screenshots.queue.consumers}, tag {@code queue}).
 */
@Component
class QueueMetrics implements MeterBinder {

	private final List<String> queues;

	private final Cached<Map<String, QueueInformation>> readings;

	QueueMetrics(AmqpAdmin admin, MonitoringProperties properties) {
		List<String> names = new ArrayList<>();
		names.add(CaptureTopology.WORK_QUEUE);
		properties.retryDelays().forEach((delay) -> names.add(CaptureTopology.retryQueue(delay)));
		names.add(CaptureTopology.DEAD_LETTER_QUEUE);
		this.queues = List.copyOf(names);
		this.readings = new Cached<>(() -> {
			Map<String, QueueInformation> info = new LinkedHashMap<>();
			for (String queue : this.queues) {
				QueueInformation queueInfo = admin.getQueueInfo(queue);
				if (queueInfo != null) {
					info.put(queue, queueInfo);
				}
			}
			return info;
		}, properties.cacheFor());
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (String queue : this.queues) {
			Gauge.builder("screenshots.queue.messages", this, (metrics) -> metrics.read(queue, true))
				.description("Messages ready in the queue, read from the broker")
				.tag("queue", queue)
				.register(registry);
			Gauge.builder("screenshots.queue.consumers", this, (metrics) -> metrics.read(queue, false))
				.description("Consumers attached to the queue")
				.tag("queue", queue)
				.register(registry);
		}
	}

	private double read(String queue, boolean messages) {
		Map<String, QueueInformation> info = this.readings.get();
		QueueInformation queueInfo = (info != null) ? info.get(queue) : null;
		if (queueInfo == null) {
			return Double.NaN;
		}
		return messages ? queueInfo.getMessageCount() : queueInfo.getConsumerCount();
	}

}
