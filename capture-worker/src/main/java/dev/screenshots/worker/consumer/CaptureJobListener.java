package dev.screenshots.worker.consumer;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletionException;

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
import dev.screenshots.worker.pipeline.InFlightJobs;
import dev.screenshots.worker.pipeline.JobLostException;
import dev.screenshots.worker.pipeline.JobStateStore;

/**
 * Takes capture jobs off the work queue.
 *
 * <ul>
 * <li>A delivery is acknowledged once the job's outcome is recorded: completed, failed
 * (and dead-lettered through the outbox), or pending again with its retry message in the
 * outbox.</li>
 * <li>A delivery with nothing to do is acknowledged and ignored, never captured twice: a
 * duplicate of a job that is claimed, finished or cancelled, or a retry that is not due
 * yet.</li>
 * <li>An unreadable message is indexed as a dead letter and rejected, which routes it to
 * the dead-letter queue; the consumer goes on.</li>
 * <li>When the database is unreachable the delivery goes back to the queue after a pause;
 * a job whose outcome could not be recorded is taken over once its lease runs out.</li>
 * </ul>
 */
@Component
class CaptureJobListener {

	private static final Logger log = LoggerFactory.getLogger(CaptureJobListener.class);

	private final JsonMapper json;

	private final JobStateStore store;

	private final BrowserPool pool;

	private final CapturePipeline pipeline;

	private final InFlightJobs inFlight;

	private final Counter claimed;

	private final Counter duplicates;

	private final Counter poison;

	CaptureJobListener(JsonMapper json, JobStateStore store, BrowserPool pool, CapturePipeline pipeline,
			InFlightJobs inFlight, MeterRegistry registry) {
		this.json = json;
		this.store = store;
		this.pool = pool;
		this.pipeline = pipeline;
		this.inFlight = inFlight;
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
			rejectUnreadable(message, channel, tag, ex);
			return;
		}
		Optional<ClaimedJob> claim;
		try {
			claim = this.store.claim(request.jobId());
		}
		catch (DataAccessException ex) {
			log.warn("Could not claim job {} (database unavailable?); returning it to the queue: {}", request.jobId(),
					ex.toString());
			pause();
			channel.basicNack(tag, false, true);
			return;
		}
		if (claim.isEmpty()) {
			log.debug("Job {} has nothing to do (duplicate delivery, finished, cancelled or not due); acknowledged",
					request.jobId());
			channel.basicAck(tag, false);
			this.duplicates.increment();
			return;
		}
		this.claimed.increment();
		ClaimedJob job = claim.get();
		this.inFlight.started(job);
		this.pool.submit((sandboxes) -> this.pipeline.run(job, sandboxes))
			.whenComplete((status, error) -> finish(channel, tag, job, error));
	}

	private void finish(Channel channel, long tag, ClaimedJob job, Throwable error) {
		this.inFlight.finished(job);
		Throwable cause = (error instanceof CompletionException) ? error.getCause() : error;
		try {
			if (cause == null || cause instanceof JobLostException) {
				if (cause != null) {
					log.info("Stopped job {}: {}", job.id(), cause.getMessage());
				}
				channel.basicAck(tag, false);
			}
			else {
				log.error("Job {} ended without a recorded outcome; it is taken over when its lease runs out", job.id(),
						cause);
				channel.basicNack(tag, false, true);
			}
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Could not settle the delivery of job {}; the broker redelivers it and the claim decides",
					job.id(), ex);
		}
	}

	private void rejectUnreadable(Message message, Channel channel, long tag, RuntimeException ex) throws IOException {
		log.warn("Dead-lettering an unreadable message: {}", ex.getMessage());
		try {
			this.store.recordUnreadableMessage("Unreadable message: " + ex.getMessage(), message.getBody());
		}
		catch (DataAccessException dbError) {
			log.warn("Could not index the unreadable message; it still goes to the dead-letter queue", dbError);
		}
		channel.basicReject(tag, false);
		this.poison.increment();
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
