package dev.screenshots.worker.consumer;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.screenshots.worker.pipeline.InFlightJobs;
import dev.screenshots.worker.pipeline.JobStateStore;
import dev.screenshots.worker.system.WorkerProperties;

/**
 * On shutdown (SIGTERM), after the queue consumer stopped taking work: lets in-flight
 * jobs finish within {@code capture.worker.shutdown-grace}, then hands the rest back to
 * the queue ({@code pending} with a fresh message), so no job is left in a running
 * status. The browser pool stops after this and closes the browsers.
 */
@Component
class GracefulShutdown implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);

	/**
	 * Stops after the listener containers (phase {@code Integer.MAX_VALUE}), before the
	 * pool.
	 */
	static final int PHASE = Integer.MAX_VALUE - 500;

	private final InFlightJobs inFlight;

	private final JobStateStore store;

	private final WorkerProperties worker;

	private volatile boolean running;

	GracefulShutdown(InFlightJobs inFlight, JobStateStore store, WorkerProperties worker) {
		this.inFlight = inFlight;
		this.store = store;
		this.worker = worker;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		long deadline = System.nanoTime() + this.worker.shutdownGrace().toNanos();
		if (!this.inFlight.isEmpty()) {
			log.info("Waiting up to {} for {} job(s) in flight", this.worker.shutdownGrace(),
					this.inFlight.ids().size());
		}
		while (!this.inFlight.isEmpty() && System.nanoTime() < deadline) {
			sleep(Duration.ofMillis(100));
		}
		for (InFlightJobs.Entry entry : this.inFlight.snapshot()) {
			try {
				boolean released = this.store.release(entry.job().id(), entry.job().workerId(), entry.status(), null);
				log.info("Job {} did not finish within the grace period; {}", entry.job().id(),
						released ? "handed back to the queue" : "it had already moved on");
			}
			catch (RuntimeException ex) {
				log.warn("Could not hand job {} back; it is taken over when its lease runs out", entry.job().id(), ex);
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
