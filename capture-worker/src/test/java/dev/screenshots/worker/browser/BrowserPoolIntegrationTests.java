package dev.screenshots.worker.browser;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.screenshots.model.capture.WaitUntil;
import dev.screenshots.model.job.ErrorCode;
import dev.screenshots.model.security.UrlPolicy;
import dev.screenshots.model.security.UrlPolicyProperties;
import dev.screenshots.testsupport.Browsers;
import dev.screenshots.testsupport.TestPages;
import dev.screenshots.worker.CaptureFailure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The browser pool driving real Chromium.
 */
class BrowserPoolIntegrationTests {

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
				sandbox.load(url, WaitUntil.LOAD, Duration.ofSeconds(10));
				bothRunning.countDown();
				await(bothRunning);
				return Thread.currentThread().getName();
			}
		};

		CompletableFuture<String> first = this.pool.submit(task);
		CompletableFuture<String> second = this.pool.submit(task);

		assertThat(List.of(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS)))
			.containsExactlyInAnyOrder("browser-slot-0", "browser-slot-1");
	}

	@Test
	void anIdleSlotPreparesTheNextSandboxAheadAndItIsFreshForItsJob() throws Exception {
		this.pool = start(1, 100);
		// the title shows what the origin's storage held before the page wrote to it
		String url = pages.html("/spare", "<script>document.title = localStorage.getItem('seen') || 'fresh';"
				+ "localStorage.setItem('seen', 'leaked');</script>");
		SandboxTask<String> job = (sandboxes) -> {
			try (Sandbox sandbox = sandboxes.open(SandboxSpec.viewport(400, 300))) {
				sandbox.load(url, WaitUntil.LOAD, Duration.ofSeconds(10));
				return sandbox.facts().title();
			}
		};

		assertThat(this.pool.submit(job).get(30, TimeUnit.SECONDS)).isEqualTo("fresh");
		Thread.sleep(1_000); // idle: the slot prepares a spare like the last sandbox
		assertThat(this.pool.submit(job).get(30, TimeUnit.SECONDS)).isEqualTo("fresh");
		assertThat(this.meters.counter("capture.browser.spares.used").count()).isOne();

		// a job with another viewport does not get the spare made for this one
		Thread.sleep(1_000);
		String other = this.pool.submit((sandboxes) -> {
			try (Sandbox sandbox = sandboxes.open(SandboxSpec.viewport(500, 300))) {
				sandbox.load(url, WaitUntil.LOAD, Duration.ofSeconds(10));
				return sandbox.facts().title();
			}
		}).get(30, TimeUnit.SECONDS);
		assertThat(other).isEqualTo("fresh");
		assertThat(this.meters.counter("capture.browser.spares.used").count()).isOne();
	}

	@Test
	void browserIsRelaunchedAfterMaxCapturesAndKeepsWorking() throws Exception {
		this.pool = start(1, 2);
		String url = pages.html("/recycle", TestPages.solidColour("white"));
		for (int i = 0; i < 5; i++) {
			byte[] png = this.pool.submit((sandboxes) -> capture(sandboxes, url)).get(30, TimeUnit.SECONDS);
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
				sandbox.load(url, WaitUntil.LOAD, Duration.ofSeconds(10));
				return sandbox.capture(CaptureSpec.png(Duration.ofSeconds(10)));
			}
		});

		assertThat(crashed).failsWithin(Duration.ofSeconds(30))
			.withThrowableThat()
			.havingCause()
			.isInstanceOfSatisfying(CaptureFailure.class,
					(failure) -> assertThat(failure.code()).isEqualTo(ErrorCode.BROWSER_CRASHED));
		byte[] png = this.pool.submit((sandboxes) -> capture(sandboxes, url)).get(60, TimeUnit.SECONDS);
		assertThat(png).startsWith(0x89, 'P', 'N', 'G');
		assertThat(this.meters.counter("capture.browser.restarts", "reason", "crash").count()).isEqualTo(1);
	}

	@Test
	void sandboxLeftOpenByATaskIsClosedByTheSlot() throws Exception {
		this.pool = start(1, 100);
		Sandbox leaked = this.pool.submit((sandboxes) -> sandboxes.open(SandboxSpec.viewport(100, 100)))
			.get(30, TimeUnit.SECONDS);
		// closed after the task's future is settled, before the slot's next task
		this.pool.submit((sandboxes) -> null).get(30, TimeUnit.SECONDS);
		assertThat(((PlaywrightSandbox) leaked).isClosed()).isTrue();
	}

	@Test
	void unlaunchableExecutableFailsStartWithAMessageNamingIt() {
		BrowserPool broken = new BrowserPool(new BrowserProperties(1, java.nio.file.Path.of("/bin/true"), 10,
				Duration.ofSeconds(5), List.of(), true), loopbackPolicy(), this.meters);
		assertThatIllegalStateException().isThrownBy(broken::start)
			.withMessageContaining("/bin/true")
			.withMessageContaining("capture.browser.executable");
	}

	private BrowserPool start(int size, int maxCaptures) {
		BrowserPool started = new BrowserPool(
				new BrowserProperties(size, Browsers.chromium(), maxCaptures, Duration.ofSeconds(30), List.of(), true),
				loopbackPolicy(), this.meters);
		started.start();
		return started;
	}

	private static UrlPolicy loopbackPolicy() {
		return UrlPolicy.withSystemDns(new UrlPolicyProperties(true, List.of("127.0.0.1:" + pages.port()), List.of(),
				java.util.Map.of(), Duration.ofSeconds(1)), List.of());
	}

	private static byte[] capture(Sandboxes sandboxes, String url) {
		try (Sandbox sandbox = sandboxes.open(SandboxSpec.viewport(320, 240))) {
			sandbox.load(url, WaitUntil.LOAD, Duration.ofSeconds(10));
			return sandbox.capture(CaptureSpec.png(Duration.ofSeconds(10)));
		}
	}

	private static void killChromium() {
		ProcessHandle.current()
			.descendants()
			.filter((process) -> process.info().command().orElse("").contains("chrom"))
			.forEach(ProcessHandle::destroyForcibly);
		try {
			Thread.sleep(500);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			if (!latch.await(20, TimeUnit.SECONDS)) {
				throw new IllegalStateException("The other slot never ran");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
