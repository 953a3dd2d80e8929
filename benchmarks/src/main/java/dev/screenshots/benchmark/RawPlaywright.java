package dev.screenshots.benchmark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.options.WaitUntilState;

/**
 * The reference: a bare Playwright-for-Java loop with no HTTP, database, broker or
 * storage. One Playwright and one Browser per thread; per shot a new context and page,
 * navigate (until {@code load}, the service's default), screenshot (PNG, 1280×720, the
 * service's default), close.
 */
final class RawPlaywright {

	static final int WIDTH = 1280;

	static final int HEIGHT = 720;

	private RawPlaywright() {
	}

	/**
	 * Takes {@code shots} screenshots of {@code url} on {@code threads} threads after a
	 * warm-up of {@code warmup} shots per thread. {@code apiPid}: the api-service that
	 * idles meanwhile, whose CPU time is shown apart.
	 * @return throughput and per-shot latency
	 */
	static Result run(Path chromium, String url, boolean fullPage, int threads, int shots, int warmup, long apiPid) {
		List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger remaining = new AtomicInteger(shots);
		AtomicInteger failed = new AtomicInteger();
		CountDownLatch warmedUp = new CountDownLatch(threads);
		CountDownLatch go = new CountDownLatch(1);
		CountDownLatch shotsDone = new CountDownLatch(threads);
		CountDownLatch measured = new CountDownLatch(1);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		List<Thread> workers = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			workers.add(Thread.ofPlatform().name("raw-" + i).start(() -> {
				try (Playwright playwright = Playwright
					.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
						Browser browser = playwright.chromium()
							.launch(new BrowserType.LaunchOptions().setExecutablePath(chromium).setHeadless(true))) {
					for (int w = 0; w < warmup; w++) {
						shot(browser, url, fullPage);
					}
					warmedUp.countDown();
					go.await();
					while (remaining.getAndDecrement() > 0) {
						long started = System.nanoTime();
						// Chromium now and then answers "Unable to capture screenshot";
						// the worker takes such a capture again (up to 5 times), so the
						// loop does too, and counts it
						for (int refusals = 0;; refusals++) {
							try {
								shot(browser, url, fullPage);
								break;
							}
							catch (PlaywrightException ex) {
								if (refusals == MAX_REFUSALS) {
									throw ex;
								}
								failed.incrementAndGet();
							}
						}
						latencies.add((System.nanoTime() - started) / 1e6);
					}
					// the browsers stay up until their CPU time is read
					shotsDone.countDown();
					measured.await();
				}
				catch (Throwable ex) {
					failure.compareAndSet(null, ex);
					warmedUp.countDown();
					shotsDone.countDown();
				}
			}));
		}
		try {
			warmedUp.await();
			ProcessCpu cpuBefore = ProcessCpu.snapshot(apiPid, 0);
			long started = System.nanoTime();
			go.countDown();
			shotsDone.await();
			double seconds = (System.nanoTime() - started) / 1e9;
			Map<String, Double> cpu = ProcessCpu.snapshot(apiPid, 0).since(cpuBefore, shots);
			measured.countDown();
			for (Thread worker : workers) {
				worker.join();
			}
			if (failure.get() != null) {
				throw new IllegalStateException("the raw Playwright loop failed", failure.get());
			}
			return new Result(threads, shots, failed.get(), seconds, shots / seconds, Stats.of(latencies), cpu);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** As the worker's {@code PageRenderer.MAX_REFUSALS}. */
	private static final int MAX_REFUSALS = 5;

	private static void shot(Browser browser, String url, boolean fullPage) {
		try (BrowserContext context = browser
			.newContext(new Browser.NewContextOptions().setViewportSize(WIDTH, HEIGHT))) {
			Page page = context.newPage();
			page.navigate(url, new Page.NavigateOptions().setWaitUntil(WaitUntilState.LOAD));
			byte[] png = page.screenshot(new Page.ScreenshotOptions().setFullPage(fullPage));
			if (png.length == 0) {
				throw new IllegalStateException("empty screenshot");
			}
		}
	}

	/**
	 * @param concurrency threads
	 * @param shots screenshots timed
	 * @param retried shots that failed once and were taken again (counted in the time)
	 * @param seconds wall time of the timed shots
	 * @param perSecond throughput
	 * @param latencyMs per-shot latency (context to close)
	 * @param cpuMsPerShot CPU time per shot by process group ({@link ProcessCpu})
	 */
	record Result(int concurrency, int shots, int retried, double seconds, double perSecond, Stats latencyMs,
			Map<String, Double> cpuMsPerShot) {
	}

}
