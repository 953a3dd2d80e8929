package dev.screenshots.worker.fleet;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link #tick()} at a fixed delay on its own thread while the application runs. A
 * failing tick is logged and the next one runs as planned.
 */
abstract class PeriodicTask implements SmartLifecycle {

	private final Logger log = LoggerFactory.getLogger(getClass());

	private final String name;

	private ScheduledExecutorService executor;

	PeriodicTask(String name) {
		this.name = name;
	}

	/**
	 * The delay between the end of one tick and the start of the next.
	 * @return the interval
	 */
	abstract Duration interval();

	abstract void tick();

	/**
	 * Whether the task runs at all; a disabled task is never scheduled.
	 * @return {@code true} unless its configuration turns it off
	 */
	boolean enabled() {
		return true;
	}

	@Override
	public void start() {
		if (!enabled()) {
			return;
		}
		this.executor = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(this.name).daemon().factory());
		long millis = interval().toMillis();
		this.executor.scheduleWithFixedDelay(this::safeTick, millis, millis, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		this.executor.shutdown();
		try {
			this.executor.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null && !this.executor.isShutdown();
	}

	private void safeTick() {
		try {
			tick();
		}
		catch (RuntimeException ex) {
			this.log.warn("{} failed; retrying in {}: {}", this.name, interval(), ex.toString());
		}
	}

}
