package dev.screenshots.api.events;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open Server-Sent Events streams of jobs. A stream sends the job's transitions after
 * the client's {@code Last-Event-ID}, then each new one as its notification arrives, and
 * ends after the terminal event. Every 15 s each stream gets a comment (so proxies keep
 * it open and a gone client is noticed) and re-reads the job, in case a notification was
 * lost. A stream lasts at most {@link #MAX_OPEN}; a client reconnecting with
 * {@code Last-Event-ID} (as {@code EventSource} does) misses nothing.
 */
@Component
class JobEventStreams implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(JobEventStreams.class);

	static final Duration MAX_OPEN = Duration.ofMinutes(10);

	private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

	private final JobEvents events;

	private final JobStepNotifications notifications;

	private final Executor executor;

	private final Set<Stream> open = ConcurrentHashMap.newKeySet();

	private final ScheduledExecutorService keepAlive = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("job-events-keep-alive").daemon().factory());

	JobEventStreams(JobEvents events, JobStepNotifications notifications, EventExecutor executor) {
		this.events = events;
		this.notifications = notifications;
		this.executor = executor.executor();
		this.keepAlive.scheduleWithFixedDelay(this::keepAlive, KEEP_ALIVE.toMillis(), KEEP_ALIVE.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/**
	 * Opens a stream of a job's transitions.
	 * @param jobId the job (the caller checked it belongs to the client's tenant)
	 * @param afterId the last event id the client has, 0 for all
	 * @return the emitter to return from the handler
	 */
	SseEmitter open(UUID jobId, long afterId) {
		SseEmitter emitter = new SseEmitter(MAX_OPEN.toMillis());
		Stream stream = new Stream(jobId, afterId, emitter);
		this.open.add(stream);
		stream.watch = this.notifications.watch(jobId, () -> this.executor.execute(stream::pump));
		emitter.onCompletion(stream::close);
		emitter.onTimeout(stream::close);
		emitter.onError((error) -> stream.close());
		this.executor.execute(stream::pump);
		return emitter;
	}

	private void keepAlive() {
		for (Stream stream : this.open) {
			this.executor.execute(() -> {
				stream.comment();
				stream.pump();
			});
		}
	}

	@Override
	public void destroy() {
		this.keepAlive.shutdownNow();
		this.open.forEach(Stream::finish);
	}

	/**
	 * One client's stream. {@code pump} and {@code comment} are serialised, so events go
	 * out once and in order.
	 */
	private final class Stream {

		private final UUID jobId;

		private final SseEmitter emitter;

		private long lastId;

		private boolean done;

		private AutoCloseable watch;

		Stream(UUID jobId, long lastId, SseEmitter emitter) {
			this.jobId = jobId;
			this.lastId = lastId;
			this.emitter = emitter;
		}

		synchronized void pump() {
			if (this.done) {
				return;
			}
			try {
				for (JobEvent event : JobEventStreams.this.events.after(this.jobId, this.lastId)) {
					this.emitter.send(
							SseEmitter.event().id(String.valueOf(event.id())).data(event, MediaType.APPLICATION_JSON));
					this.lastId = event.id();
					if (event.isTerminal()) {
						finish();
						return;
					}
				}
			}
			catch (IOException | IllegalStateException ex) {
				// the client went away, or the emitter is already complete
				close();
			}
			catch (RuntimeException ex) {
				log.warn("Streaming the events of job {} failed", this.jobId, ex);
				this.emitter.completeWithError(ex);
				close();
			}
		}

		synchronized void comment() {
			if (this.done) {
				return;
			}
			try {
				this.emitter.send(SseEmitter.event().comment("keep-alive"));
			}
			catch (IOException | IllegalStateException ex) {
				close();
			}
		}

		synchronized void finish() {
			if (!this.done) {
				close();
				this.emitter.complete();
			}
		}

		synchronized void close() {
			this.done = true;
			JobEventStreams.this.open.remove(this);
			if (this.watch != null) {
				try {
					this.watch.close();
				}
				catch (Exception ex) {
					log.debug("Closing the watch of job {} failed", this.jobId, ex);
				}
			}
		}

	}

}
