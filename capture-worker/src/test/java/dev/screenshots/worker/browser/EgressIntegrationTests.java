package dev.screenshots.worker.browser;

import java.awt.image.BufferedImage;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.screenshots.model.capture.WaitUntil;
import dev.screenshots.model.job.ErrorCode;
import dev.screenshots.runtime.security.UrlPolicy;
import dev.screenshots.runtime.security.UrlPolicyProperties;
import dev.screenshots.testsupport.TestPages;
import dev.screenshots.testsupport.Waits;
import dev.screenshots.worker.CaptureFailure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every request of a sandbox goes through its egress proxy and the URL policy, with real
 * Chromium: the allowed test pages are on one loopback port; a second server on another
 * loopback port plays the internal service a page must never reach, and counts every
 * request that gets through.
 */
class EgressIntegrationTests {

	/**
	 * How long a page load may take: also for a load that must fail, since it must fail
	 * because it is blocked, not because it ran out of time.
	 */
	static final Duration PAGE = Waits.scaled(Duration.ofSeconds(10));

	static TestPages pages;

	static TestPages internal;

	static BrowserPool pool;

	@BeforeAll
	static void start() {
		pages = TestPages.start();
		internal = TestPages.start();
		UrlPolicy policy = new UrlPolicy(new UrlPolicyProperties(true, List.of("127.0.0.1:" + pages.port()), List.of(),
				Map.of("evil.test", List.of("127.0.0.1"), "metadata.test", List.of("169.254.169.254")),
				Duration.ofSeconds(1)), List.of(), (host) -> {
					throw new UnknownHostException(host);
				});
		pool = TestPool.start(policy);
	}

	@AfterAll
	static void stop() {
		pool.stop();
		pages.close();
		internal.close();
	}

	@Test
	void allowedPageLoadsThroughTheProxy() throws Exception {
		String url = pages.html("/ok", TestPages.solidColour("white"));

		PageLoad load = run((sandbox) -> sandbox.load(url, WaitUntil.LOAD, PAGE));

		assertThat(load.httpStatus()).isEqualTo(200);
		assertThat(pages.hits("/ok")).isEqualTo(1);
	}

	@Test
	void loopbackOnAPortThatIsNotAllowedIsBlockedBeforeAnyByteReachesIt() {
		String url = internal.html("/secret", "<p>internal</p>");

		assertNotAllowed(url);
		assertThat(internal.hits("/secret")).isZero();
	}

	@Test
	void redirectFromAnAllowedPageToADeniedAddressIsBlocked() {
		String target = internal.html("/admin", "<p>admin</p>");
		String url = pages.respond("/redirect", 302, "text/html", Map.of("Location", target), new byte[0]);

		assertNotAllowed(url);
		assertThat(pages.hits("/redirect")).isEqualTo(1);
		assertThat(internal.hits("/admin")).isZero();
	}

	@Test
	void nameThatResolvesToADeniedAddressIsBlocked() {
		internal.html("/rebind", "<p>rebound</p>");

		assertNotAllowed("http://evil.test:" + internal.port() + "/rebind");
		assertNotAllowed("http://metadata.test/latest/meta-data/");
		assertThat(internal.hits("/rebind")).isZero();
	}

	@Test
	void httpsToADeniedAddressIsRefusedAtConnect() {
		assertNotAllowed("https://10.0.0.1/");
		assertNotAllowed("https://evil.test:" + internal.port() + "/");
	}

	@Test
	void scriptFetchXhrIframeImageAndWebSocketToADeniedAddressAreBlockedAndCounted() throws Exception {
		String denied = "http://127.0.0.1:" + internal.port();
		internal.html("/fetch", "x");
		internal.html("/xhr", "x");
		internal.html("/frame", "x");
		internal.html("/img", "x");
		internal.html("/ws", "x");
		String page = pages.html("/leaky", """
				<!doctype html><html><body>
				<iframe src="%1$s/frame"></iframe><img src="%1$s/img">
				<script>
				  fetch('%1$s/fetch').catch(() => {});
				  const xhr = new XMLHttpRequest(); xhr.open('GET', '%1$s/xhr'); xhr.send();
				  try { new WebSocket('ws://127.0.0.1:%2$d/ws'); } catch (e) {}
				</script></body></html>""".formatted(denied, internal.port()));

		int blocked = run((sandbox) -> {
			PageLoad load = sandbox.load(page, WaitUntil.LOAD, PAGE);
			assertThat(load.httpStatus()).isEqualTo(200);
			Waits.await(Waits.MOMENT).until(() -> sandbox.blockedRequests() >= 5);
			return sandbox.blockedRequests();
		});

		assertThat(blocked).isGreaterThanOrEqualTo(5);
		for (String path : List.of("/fetch", "/xhr", "/frame", "/img", "/ws")) {
			assertThat(internal.hits(path)).as(path).isZero();
		}
	}

	@Test
	void pageCannotReadLocalFiles(@TempDir Path directory) throws Exception {
		Path secret = Files.writeString(directory.resolve("secret.html"), "<p>local secret</p>");
		Path image = directory.resolve("pixel.png");
		BufferedImage pixel = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
		ImageIO.write(pixel, "png", image.toFile());
		String page = pages.html("/local-files",
				"""
						<!doctype html><html><body>
						<iframe id="frame" src="%1$s"></iframe><img id="img" src="%2$s">
						<script>
						  const results = [];
						  const img = document.getElementById('img');
						  const settled = new Promise((resolve) => { img.onload = () => resolve('img:read'); img.onerror = () => resolve('img:blocked'); });
						  Promise.all([
						    fetch('%1$s').then((r) => r.text()).then((t) => 'fetch:' + (t.includes('local secret') ? 'read' : 'empty'), () => 'fetch:blocked'),
						    settled,
						    new Promise((resolve) => setTimeout(() => {
						      let text = '';
						      try { text = document.getElementById('frame').contentDocument?.body?.innerText ?? ''; } catch (e) {}
						      resolve('frame:' + (text.includes('local secret') ? 'read' : 'blocked'));
						    }, 500))
						  ]).then((all) => { document.title = all.join(','); });
						</script></body></html>"""
					.formatted(secret.toUri(), image.toUri()));

		String title = run((sandbox) -> {
			sandbox.load(page, WaitUntil.LOAD, PAGE);
			sandbox.waitForFunction("document.title.includes('frame:')", PAGE);
			return sandbox.facts().title();
		});

		assertThat(title).isEqualTo("fetch:blocked,img:blocked,frame:blocked");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "127.0.0.1", "127.1", "127.0.1", "2130706433", "0x7f000001", "0x7f.1", "0177.0.0.1",
			"017700000001", "127.0.0.1.", "%31%32%37.0.0.1", "localhost", "LOCALHOST.", "[::ffff:127.0.0.1]",
			"[::ffff:7f00:1]", "[::1]", "evil.test" })
	void loopbackInEverySpellingABrowserAcceptsNeverReachesTheInternalServer(String host) {
		String path = "/spelled-" + Integer.toHexString(host.hashCode());
		internal.html(path, "<p>internal</p>");

		assertNotAllowed("http://" + host + ":" + internal.port() + path);

		assertThat(internal.hits(path)).isZero();
	}

	private static void assertNotAllowed(String url) {
		assertThatThrownBy(() -> run((sandbox) -> sandbox.load(url, WaitUntil.LOAD, PAGE)))
			.hasCauseInstanceOf(CaptureFailure.class)
			.cause()
			.satisfies((failure) -> assertThat(((CaptureFailure) failure).code()).as(url)
				.isEqualTo(ErrorCode.URL_NOT_ALLOWED));
	}

	private static <T> T run(java.util.function.Function<Sandbox, T> work) throws Exception {
		return TestPool.run(pool, SandboxSpec.viewport(400, 300), work);
	}

}
