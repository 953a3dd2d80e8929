package dev.screenshots.worker.browser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.screenshots.model.job.ErrorCode;
import dev.screenshots.worker.CaptureFailure;

/**
 * One thread with its own Playwright client and Chromium. It takes tasks from the pool's
 * queue one at a time, closes whatever sandbox a task leaves open, and relaunches the
 * browser after a crash or after {@code max-captures-per-browser} tasks. A crash is the
 * browser disconnecting: on the browser host, its connection closing (the browser gone,
 * or the host's server stopped or restarted, {@link HostTransport}); without a host, the
 * browser exiting or the slot's Playwright driver (a Node process, the worker's child,
 * that carries every call and every screenshot's bytes) dying, which a memory limit's OOM
 * killer may well pick, as the largest process while it holds a big screenshot. The slot
 * notices after a task and while it waits for one, and connects or launches again.
 *
 * <p>
 * When no task came for a moment, the slot prepares a spare sandbox like the last one it
 * opened, so that the next job of the same kind starts without waiting for a context and
 * page. The spare is fresh: no job has used it, and it goes to one job only.
 */
final class BrowserSlot implements Sandboxes {

	private static final Logger log = LoggerFactory.getLogger(BrowserSlot.class);

	/**
	 * Switches Chromium needs on a closed network, and to stay quiet and fast headless.
	 */
	static final List<String> LAUNCH_ARGS = List.of("--disable-background-networking", "--disable-component-update",
			"--disable-sync", "--no-first-run", "--disable-quic", "--disable-gpu", "--disable-extensions",
			"--disable-default-apps", "--mute-audio", "--hide-scrollbars",
			"--force-webrtc-ip-handling-policy=disable_non_proxied_udp");

	/**
	 * V8's option for the slot's Playwright driver, started only without a browser host
	 * (a node process that relays the slot's messages): young-generation semi-spaces of
	 * at most 4 MiB instead of 16. The driver's objects are short-lived messages; the cap
	 * saves about 30 MiB per driver under load, for a little CPU on large pages'
	 * screenshots (1 MiB saved a little more and cost more; docs/performance.md, "The
	 * worker's memory"). {@code scripts/browser-host.sh} gives the host's server
	 * {@code --optimize-for-size} (1 MiB semi-spaces among others), which node refuses in
	 * {@code NODE_OPTIONS}. Playwright keeps the environment of the first driver started
	 * in the JVM for every later one, which is fine while every slot's driver gets the
	 * same.
	 */
	static final String DRIVER_NODE_OPTIONS = "--max-semi-space-size=4";

	/**
	 * How long the slot is idle before it prepares a spare sandbox: long enough for the
	 * last job's upload to be done, so the two do not compete for the CPU, and for a job
	 * that is already on its way to arrive.
	 */
	private static final Duration SPARE_AFTER_IDLE = Duration.ofMillis(25);

	private final int index;

	private final BrowserPool pool;

	private final Thread thread;

	private final CompletableFuture<Void> ready = new CompletableFuture<>();

	private final List<PlaywrightSandbox> open = new ArrayList<>();

	private SandboxSpec lastSpec;

	private PlaywrightSandbox spare;

	private SandboxSpec spareSpec;

	/**
	 * Serialises starting drivers, so that each slot can tell its own among the JVM's
	 * children.
	 */
	private static final Object DRIVER_START = new Object();

	private Playwright playwright;

	/**
	 * The slot's Playwright driver process: Playwright's API does not expose it, so the
	 * slot finds it among the JVM's children when it starts one; {@code null} if not
	 * found.
	 */
	private ProcessHandle driver;

	private Browser browser;

	/**
	 * The browser's connection to the browser host, which tells at once when the host
	 * closed it; {@code null} without a host.
	 */
	private volatile HostTransport host;

	private int tasksSinceLaunch;

	private volatile boolean busy;

	private volatile boolean connected;

	BrowserSlot(int index, BrowserPool pool) {
		this.index = index;
		this.pool = pool;
		this.thread = new Thread(this::run, "browser-slot-" + index);
	}

	void start() {
		this.thread.start();
	}

	CompletableFuture<Void> ready() {
		return this.ready;
	}

	boolean isBusy() {
		return this.busy;
	}

	boolean isConnected() {
		return this.connected;
	}

	void awaitTermination(Duration timeout) {
		try {
			this.thread.join(Math.max(1, timeout.toMillis()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	boolean isAlive() {
		return this.thread.isAlive();
	}

	/**
	 * Drops the browser's connection to the host, from another thread: whatever call of
	 * the slot's waits on it fails at once, and the host closes the browser. Nothing
	 * without a host.
	 * @param reason what the failed call says
	 */
	void dropConnection(String reason) {
		HostTransport host = this.host;
		if (host != null) {
			host.abort(reason);
		}
	}

	@Override
	public Sandbox open(SandboxSpec spec) {
		if (!browserConnected()) {
			throw new CaptureFailure(ErrorCode.BROWSER_CRASHED, "The browser is not running");
		}
		Optional<SandboxSpec> reusable = spec.withoutJob();
		this.lastSpec = reusable.orElse(null);
		PlaywrightSandbox sandbox = takeSpare(reusable);
		if (sandbox == null) {
			sandbox = create(spec);
		}
		this.open.add(sandbox);
		return sandbox;
	}

	private PlaywrightSandbox create(SandboxSpec spec) {
		long start = System.nanoTime();
		PlaywrightSandbox sandbox = PlaywrightSandbox.open(this.browser, spec, this.pool.urlPolicy(),
				this.pool.blockingRules(), this.pool.meters().screenshotRetries::increment);
		this.pool.meters().contextCreation.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		return sandbox;
	}

	/** The spare if it was made like {@code spec}; a spare made otherwise is closed. */
	private PlaywrightSandbox takeSpare(Optional<SandboxSpec> spec) {
		PlaywrightSandbox taken = this.spare;
		boolean matches = taken != null && spec.isPresent() && spec.get().equals(this.spareSpec);
		this.spare = null;
		this.spareSpec = null;
		if (taken != null && !matches) {
			taken.close();
			return null;
		}
		if (taken != null) {
			this.pool.meters().spares.increment();
		}
		return taken;
	}

	/**
	 * Opens a spare sandbox like the last one, if there is none and the browser is up. A
	 * spare that cannot be made is not an error: the next job makes its own.
	 */
	private void prepareSpare() {
		if (this.spare != null || this.lastSpec == null || !this.pool.accepting() || !browserConnected()) {
			return;
		}
		try {
			this.spare = create(this.lastSpec);
			this.spareSpec = this.lastSpec;
		}
		catch (RuntimeException ex) {
			log.debug("Could not prepare a spare sandbox in slot {}", this.index, ex);
			this.lastSpec = null; // not again until a job opened one
		}
	}

	private void closeSpare() {
		if (this.spare != null) {
			this.spare.close();
			this.spare = null;
			this.spareSpec = null;
		}
	}

	private void run() {
		try {
			launch();
			this.ready.complete(null);
		}
		catch (RuntimeException ex) {
			this.ready.completeExceptionally(ex);
			shutDown();
			return;
		}
		try {
			while (this.pool.accepting() || !this.pool.queue().isEmpty()) {
				boolean spareWanted = this.pool.properties().spareSandbox() && this.spare == null
						&& this.lastSpec != null;
				BrowserPool.PendingTask<?> task = this.pool.queue()
					.poll(spareWanted ? SPARE_AFTER_IDLE.toMillis() : 200, TimeUnit.MILLISECONDS);
				if (task != null) {
					runTask(task);
				}
				else if (this.pool.accepting() && !browserConnected()) {
					log.warn("Browser of slot {} crashed or disconnected while idle; relaunching", this.index);
					this.pool.meters().crashes.increment();
					relaunch();
				}
				else if (spareWanted) {
					prepareSpare();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			shutDown();
		}
	}

	/**
	 * Runs a task and settles its future before closing what it left open: the task's
	 * result (an image) does not need the page, so whatever follows it starts while the
	 * context closes; the next task waits for that.
	 */
	private void runTask(BrowserPool.PendingTask<?> task) {
		this.busy = true;
		try {
			Runnable settle = task.runWith(this);
			this.pool.meters().captures.increment();
			this.tasksSinceLaunch++;
			settle.run();
		}
		finally {
			closeLeftovers();
			this.busy = false;
		}
		if (this.pool.accepting() && !browserConnected()) {
			log.warn("Browser of slot {} crashed or disconnected; relaunching", this.index);
			this.pool.meters().crashes.increment();
			relaunch();
			return;
		}
		if (this.pool.accepting() && this.tasksSinceLaunch >= this.pool.properties().maxCapturesPerBrowser()) {
			log.info("Browser of slot {} ran {} jobs; relaunching it", this.index, this.tasksSinceLaunch);
			this.pool.meters().recycles.increment();
			relaunch();
		}
	}

	private void relaunch() {
		closeBrowser();
		if (this.driver != null && !this.driver.isAlive()) {
			log.warn("The Playwright driver of slot {} (pid {}) is gone; starting a new one", this.index,
					this.driver.pid());
			closePlaywright();
		}
		long backoff = 250;
		while (!Thread.currentThread().isInterrupted()) {
			try {
				launch();
				return;
			}
			catch (RuntimeException ex) {
				log.error("Relaunching the browser of slot {} failed; retrying in {} ms", this.index, backoff, ex);
				closeBrowser();
				closePlaywright();
				try {
					Thread.sleep(backoff);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
				backoff = Math.min(backoff * 2, 10_000);
			}
		}
	}

	private void launch() {
		if (this.pool.launcher().onHost()) {
			BrowserLauncher.HostBrowser connected = this.pool.launcher().connect();
			this.browser = connected.browser();
			this.host = connected.transport();
		}
		else {
			launchLocally();
		}
		this.tasksSinceLaunch = 0;
		this.connected = true;
	}

	/** Starts this slot's driver when it has none, and a browser through it. */
	private void launchLocally() {
		if (this.playwright == null) {
			synchronized (DRIVER_START) {
				Set<Long> before = ProcessHandle.current()
					.children()
					.map(ProcessHandle::pid)
					.collect(Collectors.toSet());
				this.playwright = Playwright
					.create(new Playwright.CreateOptions().setEnv(driverEnvironment(System.getenv("NODE_OPTIONS"))));
				this.driver = ProcessHandle.current()
					.children()
					.filter((child) -> !before.contains(child.pid()))
					.findFirst()
					.orElse(null);
			}
		}
		this.browser = this.pool.launcher().launch(this.playwright);
	}

	/**
	 * The environment the driver gets on top of the worker's: never a browser download,
	 * and {@link #DRIVER_NODE_OPTIONS} before any node options the worker was given (so
	 * that an operator's own {@code --max-semi-space-size} wins).
	 * @param inherited the worker's {@code NODE_OPTIONS}, or {@code null}
	 * @return the variables to set
	 */
	static Map<String, String> driverEnvironment(String inherited) {
		String options = (inherited == null || inherited.isBlank()) ? DRIVER_NODE_OPTIONS
				: DRIVER_NODE_OPTIONS + " " + inherited.strip();
		return Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1", "NODE_OPTIONS", options);
	}

	private boolean browserConnected() {
		try {
			boolean alive = this.browser != null && this.browser.isConnected()
					&& (this.driver == null || this.driver.isAlive()) && (this.host == null || this.host.isOpen());
			this.connected = alive;
			return alive;
		}
		catch (PlaywrightException ex) {
			this.connected = false;
			return false;
		}
	}

	private void closeLeftovers() {
		for (PlaywrightSandbox sandbox : this.open) {
			sandbox.close();
		}
		this.open.clear();
	}

	private void closeBrowser() {
		closeSpare();
		this.connected = false;
		if (this.browser != null) {
			try {
				this.browser.close();
			}
			catch (PlaywrightException ex) {
				log.debug("Closing the browser of slot {} failed", this.index, ex);
			}
			this.browser = null;
		}
		this.host = null;
	}

	private void closePlaywright() {
		if (this.playwright != null) {
			try {
				this.playwright.close();
			}
			catch (PlaywrightException ex) {
				log.debug("Closing Playwright of slot {} failed", this.index, ex);
			}
			this.playwright = null;
			this.driver = null;
		}
	}

	private void shutDown() {
		closeLeftovers();
		closeBrowser();
		closePlaywright();
	}

}
