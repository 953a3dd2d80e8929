package dev.screenshots.worker.browser;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.screenshots.runtime.security.UrlPolicy;
import dev.screenshots.worker.blocking.BlockingRules;

/**
 * The supervisor of the browsers: it owns a fixed number of {@link BrowserSlot slots},
 * each a thread with its own Playwright and Chromium (Playwright objects must stay on the
 * thread that created them), runs {@link SandboxTask tasks} on them, relaunches browsers
 * that crash or reach {@code max-captures-per-browser}, and reports its state as metrics
 * and health.
 *
 * <p>
 * Nothing outside this package touches Playwright.
 */
@Component
public final class BrowserPool implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(BrowserPool.class);

	/** Starts before and stops after the queue consumers, which feed it. */
	static final int PHASE = Integer.MAX_VALUE - 1000;

	private static final Duration STOP_WAIT = Duration.ofSeconds(5);

	private final BrowserProperties properties;

	private final Path executable;

	private final BrowserLauncher launcher;

	private final BlockingRules blockingRules;

	private final UrlPolicy urlPolicy;

	private final BlockingQueue<PendingTask<?>> queue = new LinkedBlockingQueue<>();

	private final List<BrowserSlot> slots = new ArrayList<>();

	private final Meters meters;

	private volatile boolean running;

	public BrowserPool(BrowserProperties properties, UrlPolicy urlPolicy, BlockingRules blockingRules,
			MeterRegistry registry) {
		this.properties = properties;
		this.urlPolicy = urlPolicy;
		this.blockingRules = blockingRules;
		this.executable = ChromiumExecutable.resolve(properties.executable());
		this.launcher = BrowserLauncher.of(properties, this.executable);
		this.meters = new Meters(registry, this);
	}

	/**
	 * Queues a task for the next free slot.
	 * @param <T> the result type
	 * @param task the work
	 * @return the task's result, or its exception
	 */
	public <T> CompletableFuture<T> submit(SandboxTask<T> task) {
		CompletableFuture<T> result = new CompletableFuture<>();
		if (!this.running) {
			result.completeExceptionally(new IllegalStateException("The browser pool is not running"));
			return result;
		}
		this.queue.add(new PendingTask<>(task, result));
		return result;
	}

	@Override
	public void start() {
		log.info("Starting {} browser slot(s) on {}", this.properties.poolSize(), this.launcher.describe());
		this.running = true;
		for (int index = 0; index < this.properties.poolSize(); index++) {
			BrowserSlot slot = new BrowserSlot(index, this);
			this.slots.add(slot);
			slot.start();
		}
		for (BrowserSlot slot : this.slots) {
			try {
				slot.ready().get(this.properties.launchTimeout().toMillis() + 30_000, TimeUnit.MILLISECONDS);
			}
			catch (ExecutionException | TimeoutException ex) {
				stop();
				Throwable cause = (ex instanceof ExecutionException) ? ex.getCause() : ex;
				throw new IllegalStateException("Chromium at " + this.executable + " could not be launched on the "
						+ this.launcher.describe() + ": " + cause.getMessage()
						+ ". Check capture.browser.executable and capture.browser.host; \"No usable sandbox\" means "
						+ "the platform cannot provide Chromium's sandbox (docs/security.md).", cause);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while launching browsers", ex);
			}
		}
		log.info("Browser pool ready: {} slot(s)", this.slots.size());
	}

	/**
	 * Stops taking tasks and closes the browsers. Jobs still running were handed back to
	 * the queue before (see the consumer's graceful shutdown), so their slots only need a
	 * moment to notice; browsers that are still busy after that are let go (their
	 * connections to the browser host dropped, or, launched by the worker itself, their
	 * processes killed), which fails whatever call blocks on them.
	 */
	@Override
	public void stop() {
		this.running = false;
		long deadline = System.nanoTime() + STOP_WAIT.toNanos();
		for (BrowserSlot slot : this.slots) {
			slot.awaitTermination(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
		}
		if (this.slots.stream().anyMatch(BrowserSlot::isAlive)) {
			log.warn("Letting go of browsers still busy {} after shutdown began", STOP_WAIT);
			this.slots.forEach((slot) -> slot.dropConnection("The browser pool stopped"));
			if (!this.launcher.onHost()) {
				killBrowserProcesses();
			}
			this.slots.forEach((slot) -> slot.awaitTermination(Duration.ofSeconds(10)));
		}
		this.slots.clear();
		PendingTask<?> orphan;
		while ((orphan = this.queue.poll()) != null) {
			orphan.result().completeExceptionally(new IllegalStateException("The browser pool stopped"));
		}
	}

	/**
	 * Kills the slots' Playwright drivers and the browsers they launched, without a
	 * browser host (on the host, a browser closes when its connection does).
	 */
	private void killBrowserProcesses() {
		String binary = this.executable.getFileName().toString();
		ProcessHandle.current()
			.descendants()
			.filter((process) -> process.info()
				.command()
				.map((command) -> command.endsWith(binary) || command.endsWith("/node"))
				.orElse(false))
			.forEach(ProcessHandle::destroyForcibly);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	public int size() {
		return this.properties.poolSize();
	}

	/**
	 * The number of slots running a task right now.
	 * @return busy slots
	 */
	public int busy() {
		return (int) this.slots.stream().filter(BrowserSlot::isBusy).count();
	}

	/**
	 * The number of tasks waiting for a slot.
	 * @return queued tasks
	 */
	public int waiting() {
		return this.queue.size();
	}

	/**
	 * The number of slots whose browser is launched and connected.
	 * @return live slots
	 */
	public int live() {
		return (int) this.slots.stream().filter(BrowserSlot::isConnected).count();
	}

	Path executable() {
		return this.executable;
	}

	BrowserLauncher launcher() {
		return this.launcher;
	}

	UrlPolicy urlPolicy() {
		return this.urlPolicy;
	}

	BlockingRules blockingRules() {
		return this.blockingRules;
	}

	BrowserProperties properties() {
		return this.properties;
	}

	BlockingQueue<PendingTask<?>> queue() {
		return this.queue;
	}

	boolean accepting() {
		return this.running;
	}

	Meters meters() {
		return this.meters;
	}

	/**
	 * A task and the future its result goes to.
	 */
	record PendingTask<T>(SandboxTask<T> task, CompletableFuture<T> result) {

		/**
		 * Runs the task and returns how to settle its future; the slot settles it before
		 * it closes what the task left open.
		 * @param sandboxes the slot's sandboxes
		 * @return completes the future with the task's result or exception
		 */
		Runnable runWith(Sandboxes sandboxes) {
			try {
				T value = this.task.run(sandboxes);
				return () -> this.result.complete(value);
			}
			catch (Throwable ex) {
				return () -> this.result.completeExceptionally(ex);
			}
		}

	}

	/**
	 * The pool's own metrics.
	 */
	static final class Meters {

		final Counter captures;

		final Counter recycles;

		final Counter crashes;

		final Timer contextCreation;

		final Counter spares;

		final Counter screenshotRetries;

		Meters(MeterRegistry registry, BrowserPool pool) {
			Gauge.builder("capture.browser.slots", pool, (p) -> p.busy())
				.tag("state", "busy")
				.description("Browser slots running a job")
				.register(registry);
			Gauge.builder("capture.browser.slots", pool, (p) -> p.size() - p.busy())
				.tag("state", "idle")
				.description("Browser slots free for a job")
				.register(registry);
			Gauge.builder("capture.browser.waiting", pool, BrowserPool::waiting)
				.description("Jobs waiting for a browser slot")
				.register(registry);
			Gauge.builder("capture.browser.live", pool, BrowserPool::live)
				.description("Slots with a launched, connected browser")
				.register(registry);
			this.captures = Counter.builder("capture.browser.tasks")
				.description("Jobs run in a browser slot")
				.register(registry);
			this.recycles = Counter.builder("capture.browser.restarts")
				.tag("reason", "recycle")
				.description("Browser relaunches")
				.register(registry);
			this.crashes = Counter.builder("capture.browser.restarts")
				.tag("reason", "crash")
				.description("Browser relaunches")
				.register(registry);
			this.spares = Counter.builder("capture.browser.spares.used")
				.description("Jobs that started in a sandbox prepared ahead while the slot was idle")
				.register(registry);
			this.screenshotRetries = Counter.builder("capture.browser.screenshot.retries")
				.description("Screenshots Chromium refused and the worker took again within the attempt")
				.register(registry);
			this.contextCreation = Timer.builder("capture.browser.context.creation")
				.description("Time to create a browser context and page")
				.serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
						Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
						Duration.ofSeconds(1), Duration.ofSeconds(5))
				.register(registry);
		}

	}

}
