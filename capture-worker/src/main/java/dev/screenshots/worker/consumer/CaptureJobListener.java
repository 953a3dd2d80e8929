package dev.screenshots.worker.consumer;

import java.io.IOException;
import java.util.Optional;

import com.rabbitmq.client.Channel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import dev.screenshots.model.messaging.CaptureRequested;
import dev.screenshots.model.messaging.CaptureTopology;
import dev.screenshots.worker.browser.BrowserPool;
import dev.screenshots.worker.pipeline.CapturePipeline;
import dev.screenshots.worker.pipeline.ClaimedJob;
import dev.screenshots.worker.pipeline.JobStateStore;
import dev.screenshots.worker.system.WorkerProperties;

/**
 * Takes capture jobs off the work queue. A delivery is acknowledged only when the job
 * reached a terminal status, or when there is nothing to do: a duplicate of a job that is
 * already claimed or finished is acknowledged and ignored, never captured twice.
 */
@Component
class CaptureJobListener {

	private static final Logger log = LoggerFactory.getLogger(CaptureJobListener.class);

	private final JsonMapper json;

	private final JobStateStore store;

	private final BrowserPool pool;

	private final CapturePipeline pipeline;

	private final String workerId;

	private final Counter claimed;

	private final Counter duplicates;

	private final Counter poison;

	CaptureJobListener(JsonMapper json, JobStateStore store, BrowserPool pool, CapturePipeline pipeline,
			WorkerProperties worker, MeterRegistry registry) {
		this.json = json;
		this.store = store;
		this.pool = pool;
		this.pipeline = pipeline;
		this.workerId = worker.id();
		this.claimed = deliveries(registry, "claimed");
		this.duplicates = deliveries(registry, "duplicate");
		this.poison = deliveries(registry, "poison");
	}

	private static Counter deliveries(MeterRegistry registry, String outcome) {
		return Counter.builder("capture.deliveries")
			.tag("outcome", outcome)
			.description("Work queue deliveries by outcome: claimed, duplicate (skipped) or poison (dead-lettered)")
			.register(registry);
	}

	@RabbitListener(id = "capture", queues = CaptureTopology.WORK_QUEUE, containerFactory = "captureContainerFactory")
	void onMessage(Message message, Channel channel) throws IOException {
		long tag = message.getMessageProperties().getDeliveryTag();
		CaptureRequested request;
		try {
			request = this.json.readValue(message.getBody(), CaptureRequested.class);
		}
		catch (JacksonException | IllegalArgumentException | NullPointerException ex) {
			log.warn("Rejecting an unreadable message to the dead-letter queue: {}", ex.getMessage());
			channel.basicReject(tag, false);
			this.poison.increment();
			return;
		}
		Optional<ClaimedJob> claim;
		try {
			claim = this.store.claim(request.jobId(), this.workerId);
		}
		catch (DataAccessException ex) {
			log.warn("Could not claim job {}; returning it to the queue", request.jobId(), ex);
			pause();
			channel.basicNack(tag, false, true);
			return;
		}
		if (claim.isEmpty()) {
			log.info("Job {} is not pending (duplicate delivery or unknown job); acknowledged without capture",
					request.jobId());
			channel.basicAck(tag, false);
			this.duplicates.increment();
			return;
		}
		this.claimed.increment();
		ClaimedJob job = claim.get();
		this.pool.submit((sandboxes) -> this.pipeline.run(job, sandboxes)).whenComplete((status, error) -> {
			if (error != null) {
				log.error("Job {} ended without a terminal status", job.id(), error);
			}
			acknowledge(channel, tag, job);
		});
	}

	private void acknowledge(Channel channel, long tag, ClaimedJob job) {
		try {
			channel.basicAck(tag, false);
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Could not acknowledge job {}; the broker will redeliver it and the claim will skip it", job.id(),
					ex);
		}
	}

	private static void pause() {
		try {
			Thread.sleep(1_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
