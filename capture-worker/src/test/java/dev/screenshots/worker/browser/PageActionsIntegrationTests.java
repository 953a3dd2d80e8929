package dev.screenshots.worker.browser;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.screenshots.model.capture.WaitUntil;
import dev.screenshots.model.job.ErrorCode;
import dev.screenshots.runtime.security.UrlPolicy;
import dev.screenshots.runtime.security.UrlPolicyProperties;
import dev.screenshots.testsupport.TestPages;
import dev.screenshots.testsupport.Waits;
import dev.screenshots.worker.CaptureFailure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The time limits {@link Sandbox#runScript} and {@link Sandbox#scrollThrough} document
 * hold in real Chromium: a script that loops or awaits forever fails the job with
 * {@code SCRIPT_FAILED} instead of holding the browser slot, and the page stays usable.
 */
class PageActionsIntegrationTests {

	static final Duration PAGE = Waits.scaled(Duration.ofSeconds(10));

	static final Duration SCRIPT_LIMIT = Duration.ofMillis(1500);

	static TestPages pages;

	static BrowserPool pool;

	@BeforeAll
	static void start() {
		pages = TestPages.start();
		UrlPolicy policy = UrlPolicy.withSystemDns(new UrlPolicyProperties(true, List.of("127.0.0.1:" + pages.port()),
				List.of(), Map.of(), Duration.ofSeconds(1)), List.of());
		pool = TestPool.start(policy);
	}

	@AfterAll
	static void stop() {
		pool.stop();
		pages.close();
	}

	@Test
	void aScriptThatNeverYieldsIsStoppedAtItsTimeLimitAndThePageStaysUsable() throws Exception {
		String url = pages.html("/loop", TestPages.solidColour("white"));

		String title = run((sandbox) -> {
			sandbox.load(url, WaitUntil.LOAD, PAGE);
			assertThatExceptionOfType(CaptureFailure.class)
				.isThrownBy(() -> sandbox.runScript("while (true) {}", SCRIPT_LIMIT))
				.satisfies((failure) -> assertThat(failure.code()).isEqualTo(ErrorCode.SCRIPT_FAILED))
				.withMessage("The js script did not finish within 1500 ms");
			sandbox.runScript("document.title = 'still alive';", PAGE);
			return sandbox.facts().title();
		});

		assertThat(title).isEqualTo("still alive");
	}

	@Test
	void aScriptThatAwaitsForeverFailsAtItsTimeLimit() throws Exception {
		String url = pages.html("/await", TestPages.solidColour("white"));

		run((sandbox) -> {
			sandbox.load(url, WaitUntil.LOAD, PAGE);
			assertThatExceptionOfType(CaptureFailure.class)
				.isThrownBy(() -> sandbox.runScript("await new Promise(() => {});", SCRIPT_LIMIT))
				.satisfies((failure) -> assertThat(failure.code()).isEqualTo(ErrorCode.SCRIPT_FAILED))
				.withMessage("The js script did not finish within 1500 ms");
			return null;
		});
	}

	@Test
	void aScriptThatThrowsFailsWithItsMessageAndOneThatAwaitsWithinTheLimitRuns() throws Exception {
		String url = pages.html("/throws", TestPages.solidColour("white"));

		String title = run((sandbox) -> {
			sandbox.load(url, WaitUntil.LOAD, PAGE);
			assertThatExceptionOfType(CaptureFailure.class)
				.isThrownBy(() -> sandbox.runScript("throw new Error('boom 100%')", PAGE))
				.satisfies((failure) -> assertThat(failure.code()).isEqualTo(ErrorCode.SCRIPT_FAILED))
				.withMessage("The js script failed: Error: boom 100%");
			sandbox.runScript("await new Promise((r) => setTimeout(r, 50)); document.title = 'awaited';", PAGE);
			return sandbox.facts().title();
		});

		assertThat(title).isEqualTo("awaited");
	}

	@Test
	void scrollingThroughAPageThatKeepsGrowingStopsAtItsTimeLimit() throws Exception {
		// every scroll adds another screen: without the limit this would scroll up to
		// maxHeight, 100 ms a screen
		String url = pages.html("/growing", """
				<!doctype html><html><body style="margin:0">
				<div id="content" style="height:2000px;background:white"></div>
				<script>let screens = 0;
				addEventListener('scroll', () => {
				  if (scrollY > 0) { document.title = String(++screens); }
				  const content = document.getElementById('content');
				  content.style.height = (content.offsetHeight + 2000) + 'px';
				});</script></body></html>""");

		int screens = run((sandbox) -> {
			sandbox.load(url, WaitUntil.LOAD, PAGE);
			sandbox.scrollThrough(1_000_000, Duration.ofMillis(1000));
			return Integer.parseInt(sandbox.facts().title());
		});

		// a screen takes at least its 100 ms pause, so 1 s allows 10 and a slow machine
		// fewer; without the limit it would go on for 3,000 screens (1,000,000 px)
		assertThat(screens).as("screens scrolled").isBetween(1, 11);
	}

	private static <T> T run(Function<Sandbox, T> work) throws Exception {
		return TestPool.run(pool, SandboxSpec.viewport(400, 300), work);
	}

}
