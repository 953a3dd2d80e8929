package dev.screenshots.worker.consumer;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import com.rabbitmq.client.Channel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import dev.screenshots.model.messaging.CaptureRequested;
import dev.screenshots.runtime.messaging.CaptureTopology;
import dev.screenshots.runtime.tracing.TraceHeaders;
import dev.screenshots.worker.browser.BrowserPool;
import dev.screenshots.worker.pipeline.CapturePipeline;
import dev.screenshots.worker.pipeline.ClaimedJob;
import dev.screenshots.worker.pipeline.InFlightJobs;
import dev.screenshots.worker.pipeline.JobLostException;
import dev.screenshots.worker.pipeline.JobStateStore;
import dev.screenshots.worker.pipeline.OffBrowserExecutor;

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

	/** The MDC key (and structured-log field) of the job a log line is about. */
	static final String JOB_ID = "jobId";

	private final JsonMapper json;

	private final JobStateStore store;

	private final BrowserPool pool;

	private final CapturePipeline pipeline;

	private final OffBrowserExecutor offBrowser;

	private final InFlightJobs inFlight;

	private final Counter claimed;

	private final Counter duplicates;

	private final Counter poison;

	private final TraceHeaders traces;

	CaptureJobListener(JsonMapper json, JobStateStore store, BrowserPool pool, CapturePipeline pipeline,
			OffBrowserExecutor offBrowser, InFlightJobs inFlight, MeterRegistry registry, TraceHeaders traces) {
		this.offBrowser = offBrowser;
		this.traces = traces;
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
	@SuppressWarnings("try") // scopes are held for what they set up, not used
	void onMessage(Message message, Channel channel) throws IOException {
		// the job's span continues the submitting request's trace and lasts until the
		// outcome
		// is settled, on the browser slot's thread
		Span span = this.traces.startFrom("capture job", message.getMessageProperties().getHeaders());
		boolean handedOver = false;
		try (Tracer.SpanInScope scope = this.traces.inScope(span)) {
			handedOver = handle(message, channel, span);
		}
		finally {
			if (!handedOver) {
				span.end();
			}
		}
	}

	/**
	 * Claims the job and hands it to a browser slot, then its last steps to the
	 * off-browser executor while the slot takes the next job.
	 * @return whether the job was handed over (its span then ends when it is settled)
	 */
	@SuppressWarnings("try")
	private boolean handle(Message message, Channel channel, Span span) throws IOException {
		long tag = message.getMessageProperties().getDeliveryTag();
		CaptureRequested request;
		try {
			request = this.json.readValue(message.getBody(), CaptureRequested.class);
		}
		catch (JacksonException | IllegalArgumentException | NullPointerException ex) {
			rejectUnreadable(message, channel, tag, ex);
			return false;
		}
		span.tag("job.id", request.jobId().toString());
		Optional<ClaimedJob> claim;
		try (MDC.MDCCloseable jobId = MDC.putCloseable(JOB_ID, request.jobId().toString())) {
			claim = this.store.claim(request.jobId());
		}
		catch (DataAccessException ex) {
			log.warn("Could not claim job {} (database unavailable?); returning it to the queue: {}", request.jobId(),
					ex.toString());
			pause();
			channel.basicNack(tag, false, true);
			return false;
		}
		if (claim.isEmpty()) {
			log.debug("Job {} has nothing to do (duplicate delivery, finished, cancelled or not due); acknowledged",
					request.jobId());
			channel.basicAck(tag, false);
			this.duplicates.increment();
			return false;
		}
		this.claimed.increment();
		ClaimedJob job = claim.get();
		this.inFlight.started(job);
		this.pool.submit((sandboxes) -> {
			try (Tracer.SpanInScope scope = this.traces.inScope(span);
					MDC.MDCCloseable jobId = MDC.putCloseable(JOB_ID, job.id().toString())) {
				return this.pipeline.runInBrowser(job, sandboxes);
			}
		}).thenApplyAsync((progress) -> {
			try (Tracer.SpanInScope scope = this.traces.inScope(span);
					MDC.MDCCloseable jobId = MDC.putCloseable(JOB_ID, job.id().toString())) {
				return this.pipeline.finish(progress);
			}
		}, this.offBrowser.executor()).whenComplete((status, error) -> {
			try (Tracer.SpanInScope scope = this.traces.inScope(span);
					MDC.MDCCloseable jobId = MDC.putCloseable(JOB_ID, job.id().toString())) {
				finish(channel, tag, job, error);
			}
			finally {
				span.end();
			}
		});
		return true;
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
