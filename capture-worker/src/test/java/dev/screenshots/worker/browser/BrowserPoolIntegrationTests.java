package dev.screenshots.worker.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.screenshots.worker.blocking.BlockingRules;
import dev.screenshots.model.capture.WaitUntil;
import dev.screenshots.model.job.ErrorCode;
import dev.screenshots.runtime.security.UrlPolicy;
import dev.screenshots.runtime.security.UrlPolicyProperties;
import dev.screenshots.testsupport.BrowserHost;
import dev.screenshots.testsupport.Browsers;
import dev.screenshots.testsupport.TestPages;
import dev.screenshots.testsupport.Waits;
import dev.screenshots.worker.CaptureFailure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The browser pool driving real Chromium.
 */
class BrowserPoolIntegrationTests {

	/** How long a page load or a capture that must succeed may take. */
	static final Duration PAGE = Waits.scaled(Duration.ofSeconds(10));

	/**
	 * The node option scripts/browser-host.sh gives the host's server, as a whole word.
	 */
	static final String OPTIMIZE_FOR_SIZE_OPTION = "(^|\\s)--optimize-for-size(\\s|$)";

	/** How long a task may take. */
	static final Duration TASK = Waits.scaled(Waits.MOMENT);

	static final TestPages pages = TestPages.start();

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	BrowserPool pool;

	@AfterEach
	void stopPool() {
		if (this.pool != null) {
			this.pool.stop();
		}
	}

	@AfterAll
	static void stopPages() {
		pages.close();
	}

	@Test
	void slotsRunTasksAtTheSameTimeEachInItsOwnSandbox() throws Exception {
		this.pool = start(2, 100);
		String url = pages.html("/parallel", TestPages.solidColour("white"));
		CountDownLatch bothRunning = new CountDownLatch(2);
		SandboxTask<String> task = (sandboxes) -> {
			try (Sandbox sandbox = sandboxes.open(SandboxSpec.viewport(300, 200))) {
				sandbox.load(url, WaitUntil.LOAD, PAGE);
				bothRunning.countDown();
				await(bothRunning);
				return Thread.currentThread().getName();
			}
		};

		CompletableFuture<String> first = this.pool.submit(task);
		CompletableFuture<String> second = this.pool.submit(task);

		assertThat(List.of(get(first), get(second))).containsExactlyInAnyOrder("browser-slot-0", "browser-slot-1");
	}

	@Test
	void anIdleSlotPreparesTheNextSandboxAheadAndItIsFreshForItsJob() throws Exception {
		this.pool = start(1, 100);
		// the title shows what the origin's storage held before the page wrote to it
		String url = pages.html("/spare", "<script>document.title = localStorage.getItem('seen') || 'fresh';"
				+ "localStorage.setItem('seen', 'leaked');</script>");
		SandboxTask<String> job = (sandboxes) -> {
			try (Sandbox sandbox = sandboxes.open(SandboxSpec.viewport(400, 300))) {
				sandbox.load(url, WaitUntil.LOAD, PAGE);
				return sandbox.facts().title();
			}
		};

		assertThat(get(this.pool.submit(job))).isEqualTo("fresh");
		// idle, the slot prepares a spare like the last sandbox (every sandbox made is
		// timed: the job's, then the spare)
		Waits.await(Waits.MOMENT).until(() -> sandboxesMade() == 2);
		assertThat(get(this.pool.submit(job))).isEqualTo("fresh");
		assertThat(this.meters.counter("capture.browser.spares.used").count()).isOne();

		// a job with another viewport does not get the spare made for this one
		Waits.await(Waits.MOMENT).until(() -> sandboxesMade() == 3);
		String other = get(this.pool.submit((sandboxes) -> {
			try (Sandbox sandbox = sandboxes.open(SandboxSpec.viewport(500, 300))) {
				sandbox.load(url, WaitUntil.LOAD, PAGE);
				return sandbox.facts().title();
			}
		}));
		assertThat(other).isEqualTo("fresh");
		assertThat(this.meters.counter("capture.browser.spares.used").count()).isOne();
	}

	@Test
	void theSlotsSpeakToTheHostWithoutADriverAndTheHostsServerIsOptimizedForSize() throws Exception {
		this.pool = start(2, 100);
		String url = pages.html("/node-options", TestPages.solidColour("white"));
		byte[] png = get(this.pool.submit((sandboxes) -> capture(sandboxes, url)));
		assertThat(png).startsWith(0x89, 'P', 'N', 'G');

		// no Playwright driver of the worker's own: its slots' clients speak to the host
		assertThat(ProcessHandle.current().descendants().map(BrowserPoolIntegrationTests::commandLine))
			.noneMatch((command) -> command.contains("run-driver"));
		// the host's server, given V8's option on its command line by
		// scripts/browser-host.sh (node refuses it in NODE_OPTIONS)
		assertThat(BrowserHost.get().process().descendants().map(BrowserPoolIntegrationTests::commandLine))
			.filteredOn((command) -> command.contains("run-server"))
			.singleElement()
			.asString()
			.containsPattern(OPTIMIZE_FOR_SIZE_OPTION);
	}

	@Test
	void stoppingThePoolLetsGoOfABrowserThatNeverAnswersAndLeavesTheHostRunning() throws Exception {
		BrowserPool stopping = start(1, 100);
		String never = pages.neverFinishes("/never-answers");
		CountDownLatch loading = new CountDownLatch(1);
		CompletableFuture<String> stuck = stopping.submit((sandboxes) -> {
			try (Sandbox sandbox = sandboxes.open(SandboxSpec.viewport(300, 200))) {
				loading.countDown();
				// waits on the host for a load event that never comes
				sandbox.load(never, WaitUntil.LOAD, Duration.ofMinutes(10));
				return "loaded";
			}
		});
		await(loading);

		CompletableFuture<Void> stopped = CompletableFuture.runAsync(stopping::stop);
		assertThat(stopped).as("the pool stopped, its busy slot let go").succeedsWithin(TASK.plusSeconds(10));
		assertThat(stuck).failsWithin(TASK);

		// the host the slot's browser was on still serves others
		this.pool = start(1, 100);
		String url = pages.html("/after-stop", TestPages.solidColour("white"));
		byte[] png = get(this.pool.submit((sandboxes) -> capture(sandboxes, url)));
		assertThat(png).startsWith(0x89, 'P', 'N', 'G');
	}

	@Test
	void driverOptionsComeBeforeTheOperatorsSoTheirsWin() {
		assertThat(BrowserSlot.driverEnvironment(null)).containsEntry("NODE_OPTIONS", "--max-semi-space-size=4");
		assertThat(BrowserSlot.driverEnvironment(" --max-semi-space-size=8 ")).containsEntry("NODE_OPTIONS",
				"--max-semi-space-size=4 --max-semi-space-size=8");
	}

	@Test
	void browserIsRelaunchedAfterMaxCapturesAndKeepsWorking() throws Exception {
		this.pool = start(1, 2);
		String url = pages.html("/recycle", TestPages.solidColour("white"));
		for (int i = 0; i < 5; i++) {
			byte[] png = get(this.pool.submit((sandboxes) -> capture(sandboxes, url)));
			assertThat(png).startsWith(0x89, 'P', 'N', 'G');
		}
		assertThat(this.meters.counter("capture.browser.restarts", "reason", "recycle").count()).isEqualTo(2);
		assertThat(this.meters.counter("capture.browser.tasks").count()).isEqualTo(5);
		assertThat(this.pool.live()).isEqualTo(1);
	}

	@Test
	void crashedBrowserFailsItsJobAsBrowserCrashedAndIsRelaunched() throws Exception {
		this.pool = start(1, 100);
		String url = pages.html("/crash", TestPages.solidColour("white"));

		CompletableFuture<byte[]> crashed = this.pool.submit((sandboxes) -> {
			try (Sandbox sandbox = sandboxes.open(SandboxSpec.viewport(300, 200))) {
				killChromium();
				sandbox.load(url, WaitUntil.LOAD, PAGE);
				return sandbox.capture(CaptureSpec.png(PAGE));
			}
		});

		assertThat(crashed).failsWithin(TASK)
			.withThrowableThat()
			.havingCause()
			.isInstanceOfSatisfying(CaptureFailure.class,
					(failure) -> assertThat(failure.code()).isEqualTo(ErrorCode.BROWSER_CRASHED));
		byte[] png = get(this.pool.submit((sandboxes) -> capture(sandboxes, url)));
		assertThat(png).startsWith(0x89, 'P', 'N', 'G');
		assertThat(this.meters.counter("capture.browser.restarts", "reason", "crash").count()).isEqualTo(1);
	}

	@Test
	void sandboxLeftOpenByATaskIsClosedByTheSlot() throws Exception {
		this.pool = start(1, 100);
		Sandbox leaked = get(this.pool.submit((sandboxes) -> sandboxes.open(SandboxSpec.viewport(100, 100))));
		// closed after the task's future is settled, before the slot's next task
		get(this.pool.submit((sandboxes) -> null));
		assertThat(((PlaywrightSandbox) leaked).isClosed()).isTrue();
	}

	@Test
	void withoutABrowserHostThePoolRefusesToStartUnlessTheSandboxIsExplicitlyGivenUp() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new BrowserPool(new BrowserProperties(1, Browsers.chromium(), 10, Duration.ofSeconds(5),
					List.of(), true, null, false), loopbackPolicy(), new BlockingRules(), this.meters))
			.withMessageContaining("capture.browser.host")
			.withMessageContaining("capture.browser.unsandboxed");
	}

	@Test
	void unlaunchableExecutableFailsStartWithAMessageNamingIt() {
		BrowserPool broken = new BrowserPool(new BrowserProperties(1, java.nio.file.Path.of("/bin/true"), 10,
				Duration.ofSeconds(5), List.of(), true, host(), false), loopbackPolicy(), new BlockingRules(),
				this.meters);
		assertThatIllegalStateException().isThrownBy(broken::start)
			.withMessageContaining("/bin/true")
			.withMessageContaining("capture.browser.executable");
	}

	private BrowserPool start(int size, int maxCaptures) {
		BrowserPool started = new BrowserPool(new BrowserProperties(size, Browsers.chromium(), maxCaptures,
				Waits.scaled(Waits.MOMENT), List.of(), true, host(), false), loopbackPolicy(), new BlockingRules(),
				this.meters);
		started.start();
		return started;
	}

	private static java.net.URI host() {
		return java.net.URI.create(BrowserHost.get().endpoint());
	}

	private static UrlPolicy loopbackPolicy() {
		return UrlPolicy.withSystemDns(new UrlPolicyProperties(true, List.of("127.0.0.1:" + pages.port()), List.of(),
				java.util.Map.of(), Duration.ofSeconds(1)), List.of());
	}

	private static byte[] capture(Sandboxes sandboxes, String url) {
		try (Sandbox sandbox = sandboxes.open(SandboxSpec.viewport(320, 240))) {
			sandbox.load(url, WaitUntil.LOAD, PAGE);
			CaptureSpec spec = CaptureSpec.png(PAGE);
			sandbox.settle(spec);
			return sandbox.capture(spec);
		}
	}

	/** A process's command line from /proc (readable for another user's process too). */
	private static String commandLine(ProcessHandle process) {
		try {
			return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline")).replace('\0', ' ');
		}
		catch (IOException ex) {
			return "";
		}
	}

	private int sandboxesMade() {
		return (int) this.meters.get("capture.browser.context.creation").timer().count();
	}

	private static <T> T get(CompletableFuture<T> task) throws Exception {
		return task.get(TASK.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Kills Chromium's processes, and waits until the browser process (the one the host's
	 * server started, and reaps) is gone, so the browser is closed for the server by the
	 * time the task goes on.
	 */
	private static void killChromium() {
		// the browsers run under the browser host, as its user
		List<ProcessHandle> chromium = BrowserHost.get()
			.process()
			.descendants()
			.filter((process) -> process.info().command().orElse("").contains("chrom"))
			.toList();
		List<ProcessHandle> browsers = chromium.stream()
			.filter((process) -> process.parent().filter(chromium::contains).isEmpty())
			.toList();
		assertThat(browsers).as("the browser's process").isNotEmpty();
		chromium.forEach(ProcessHandle::destroyForcibly);
		Waits.await(Waits.MOMENT).until(() -> browsers.stream().noneMatch(ProcessHandle::isAlive));
	}

	private static void await(CountDownLatch latch) {
		try {
			if (!latch.await(TASK.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("The other slot never ran");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
