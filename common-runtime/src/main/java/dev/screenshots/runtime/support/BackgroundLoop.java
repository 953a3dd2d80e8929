package dev.screenshots.runtime.support;

import java.time.Duration;

import org.springframework.context.SmartLifecycle;

/**
 * A bean whose work is one long loop on its own daemon thread, started and stopped with
 * the application context: the outbox relay, the job-step listener and the webhook
 * dispatcher. A subclass writes {@link #loop()}, which returns soon after
 * {@link #isRunning()} turns false; {@link #stop()} clears that flag,
 * {@link #wake(Thread) wakes} the thread and waits up to {@link #stopTimeout()} for it.
 */
public abstract class BackgroundLoop implements SmartLifecycle {

	private final String threadName;

	private volatile boolean running;

	private Thread thread;

	/**
	 * @param threadName the loop thread's name
	 */
	protected BackgroundLoop(String threadName) {
		this.threadName = threadName;
	}

	/**
	 * The work: runs until {@link #isRunning()} is false.
	 */
	protected abstract void loop();

	/**
	 * How long {@link #stop()} waits for the loop to end.
	 * @return two seconds unless overridden
	 */
	protected Duration stopTimeout() {
		return Duration.ofSeconds(2);
	}

	/**
	 * Makes the loop notice a stop; interrupts it unless overridden.
	 * @param thread the loop thread
	 */
	protected void wake(Thread thread) {
		thread.interrupt();
	}

	/** Runs on {@link #start()}, before the thread starts. */
	protected void beforeStart() {
	}

	/** Runs on {@link #stop()}, after the thread ended or the wait ran out. */
	protected void afterStop() {
	}

	@Override
	public void start() {
		beforeStart();
		this.running = true;
		this.thread = Thread.ofPlatform().name(this.threadName).daemon().start(this::loop);
	}

	@Override
	public void stop() {
		this.running = false;
		wake(this.thread);
		try {
			this.thread.join(stopTimeout());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		afterStop();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Sleeps, unless the loop is being stopped.
	 * @param duration how long
	 * @return {@code false} if interrupted: the loop should end
	 */
	protected final boolean pause(Duration duration) {
		try {
			Thread.sleep(duration);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
			return false;
		}
	}

	/**
	 * Ends the loop from inside, e.g. after its thread was interrupted.
	 */
	protected final void halt() {
		this.running = false;
	}

}
