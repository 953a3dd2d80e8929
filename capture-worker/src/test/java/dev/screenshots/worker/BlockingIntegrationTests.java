package dev.screenshots.worker;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.screenshots.testsupport.TestInfrastructure;
import dev.screenshots.testsupport.TestPages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The blocking flags on real Chromium with the real lists, checked on the pixels: local
 * pages reproduce an ad slot, an ad network's script, a tracker, a chat widget, a generic
 * cookie bar and the markup of consent platforms. Third-party hosts (the ad network's,
 * the chat's) resolve to the test server through the URL policy's static hosts, so what
 * they would draw is drawn unless the flag stops it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "capture.browser.pool-size=1", "capture.retry.max-attempts=1" })
@DirtiesContext
class BlockingIntegrationTests {

	static final TestInfrastructure infrastructure = TestInfrastructure.create().migrate();

	static final TestPages pages = TestPages.start();

	static final List<String> THIRD_PARTIES = List.of("pagead2.googlesyndication.com", "embed.tawk.to");

	static final int RED = 0xFF0000;

	static final int GREEN = 0x00FF00;

	static final int BLUE = 0x0000FF;

	static final int WHITE = 0xFFFFFF;

	static final String SIZE = "\"width\":400,\"height\":300";

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	JsonMapper json;

	WorkerJobs jobs;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		infrastructure.register(registry);
		for (String host : THIRD_PARTIES) {
			registry.add("security.url-policy.static-hosts[" + host + "][0]", () -> "127.0.0.1");
		}
	}

	@AfterAll
	static void cleanUp() {
		pages.close();
		infrastructure.close();
	}

	@BeforeEach
	void jobs() {
		this.jobs = new WorkerJobs(this.jdbc, this.rabbit, this.json, infrastructure);
	}

	static String page(String path, String body) {
		return pages.html(path,
				"<!doctype html><html><body style='margin:0;background:#fff'>" + body + "</body></html>");
	}

	@Test
	void blockAdsHidesAdSlotsAndStopsAdNetworks() throws IOException {
		pages.respond("/pagead/js/adsbygoogle.js", 200, "text/javascript", Map.of(), paint("200px", "rgb(255,0,0)"));
		String url = page("/ads",
				"<div class='ad-unit' style='height:80px;background:rgb(255,0,0)'></div>"
						+ "<script src='http://pagead2.googlesyndication.com:" + pages.port()
						+ "/pagead/js/adsbygoogle.js'></script>");

		Map<String, Object> plain = this.jobs.run(url, "{" + SIZE + "}");
		BufferedImage without = png(plain);
		assertThat(rgb(without, 200, 40)).as("the ad slot").isEqualTo(RED);
		assertThat(rgb(without, 200, 230)).as("what the ad network's script draws").isEqualTo(RED);

		Map<String, Object> blocked = this.jobs.run(url, "{" + SIZE + ",\"blockAds\":true}");
		BufferedImage with = png(blocked);
		assertThat(rgb(with, 200, 40)).isEqualTo(WHITE);
		assertThat(rgb(with, 200, 230)).isEqualTo(WHITE);
		assertThat(blocked.get("result_blocked_requests")).isEqualTo(1);
		assertThat(reasons(blocked)).isEqualTo(Map.of("ads", 1));
	}

	@Test
	void blockTrackersStopsTrackersAndLeavesAds() throws IOException {
		// Google's tag, served from the site itself (www.google-analytics.com is on
		// Chromium's
		// HSTS preload list: plain http to it is upgraded and cannot reach the test
		// server)
		pages.respond("/gtag/js", 200, "text/javascript", Map.of(), paint("0px", "rgb(0,0,255)"));
		String url = page("/tracked", "<script src='/gtag/js?id=G-TEST'></script>");
		assertThat(rgb(png(this.jobs.run(url, "{" + SIZE + "}")), 200, 30)).isEqualTo(BLUE);
		assertThat(rgb(png(this.jobs.run(url, "{" + SIZE + ",\"blockAds\":true}")), 200, 30)).as("not an ad")
			.isEqualTo(BLUE);

		Map<String, Object> blocked = this.jobs.run(url, "{" + SIZE + ",\"blockTrackers\":true}");
		assertThat(rgb(png(blocked), 200, 30)).isEqualTo(WHITE);
		assertThat(reasons(blocked)).isEqualTo(Map.of("trackers", 1));
	}

	@Test
	void blockChatsStopsChatWidgets() throws IOException {
		pages.respond("/chat/default", 200, "text/javascript", Map.of(), paint("240px", "rgb(0,255,0)"));
		String url = page("/chat",
				"<p>Support</p><script src='http://embed.tawk.to:" + pages.port() + "/chat/default'></script>");
		assertThat(rgb(png(this.jobs.run(url, "{" + SIZE + "}")), 200, 270)).isEqualTo(GREEN);

		Map<String, Object> blocked = this.jobs.run(url, "{" + SIZE + ",\"blockChats\":true}");
		assertThat(rgb(png(blocked), 200, 270)).isEqualTo(WHITE);
		assertThat(reasons(blocked)).isEqualTo(Map.of("chats", 1));
	}

	@Test
	void blockCookieBannersHidesAGenericCookieBarAndUnlocksTheBlurredPage() throws IOException {
		String url = page("/cookie-bar",
				"""
						<style>html, body { overflow: hidden; height: 100%; }</style>
						<main style='filter: blur(8px)'>
						  <div style='height:150px;background:rgb(0,0,255)'></div><div style='height:150px;background:#fff'></div>
						</main>
						<div id='cookieblock' style='position:fixed;left:0;right:0;bottom:0;height:100px;background:rgb(255,0,0)'>
						  We use cookies</div>""");
		BufferedImage without = png(this.jobs.run(url, "{" + SIZE + "}"));
		assertThat(rgb(without, 200, 280)).isEqualTo(RED);
		assertThat(rgb(without, 200, 148)).as("blurred edge").isNotEqualTo(BLUE);

		BufferedImage with = png(this.jobs.run(url, "{" + SIZE + ",\"blockCookieBanners\":true}"));
		assertThat(rgb(with, 200, 280)).isEqualTo(WHITE);
		assertThat(rgb(with, 200, 148)).as("sharp again").isEqualTo(BLUE);
	}

	/** OneTrust's markup: the banner and its reject-all and accept buttons. */
	static String oneTrust() {
		return consentPage("/onetrust",
				"""
						<div id='onetrust-consent-sdk'><div id='onetrust-banner-sdk' style='%s'>
						  <button id='onetrust-accept-btn-handler' onclick="answer('accept', 'onetrust-consent-sdk')">Accept</button>
						  <button id='onetrust-reject-all-handler' onclick="answer('reject', 'onetrust-consent-sdk')">Reject all</button>
						</div></div>""");
	}

	/** Didomi's markup: its host element, the notice and its buttons. */
	static String didomi() {
		return consentPage("/didomi", """
				<div id='didomi-host'><div id='didomi-notice' class='didomi-notice-banner' style='%s'>
				  <button id='didomi-notice-agree-button' onclick="answer('accept', 'didomi-host')">Agree</button>
				  <button id='didomi-notice-disagree-button' onclick="answer('reject', 'didomi-host')">Disagree</button>
				</div></div>""");
	}

	/** Quantcast Choice's markup: the container, its UI and the disagree button. */
	static String quantcast() {
		return consentPage("/quantcast",
				"""
						<div id='qc-cmp2-container'><div id='qc-cmp2-ui' style='%s'>
						  <button id='agree-btn' mode='primary' onclick="answer('accept', 'qc-cmp2-container')">Agree</button>
						  <button id='disagree-btn' mode='secondary' onclick="answer('reject', 'qc-cmp2-container')">Disagree</button>
						</div></div>""");
	}

	/**
	 * Cookiebot: its dialog and the {@code Cookiebot} object its rule asks (answered in
	 * the page's own world).
	 */
	static String cookiebot() {
		return consentPage("/cookiebot",
				"""
						<div id='CybotCookiebotDialog' style='%s'>
						  <button id='CybotCookiebotDialogBodyButtonAccept' onclick="answer('accept', 'CybotCookiebotDialog')">Allow all</button>
						  <button id='CybotCookiebotDialogBodyLevelButtonLevelOptinDeclineAll'
						      onclick="answer('reject', 'CybotCookiebotDialog')">Deny</button>
						</div>
						<script>window.Cookiebot = { hasResponse: false, declined: false, dialog: { visible: true },
						    withdraw() {}, hide() {} };</script>""");
	}

	/** Complianz: the banner in its container, with deny and accept. */
	static String complianz() {
		return consentPage("/complianz",
				"""
						<div id='cmplz-cookiebanner-container'><div class='cmplz-cookiebanner' style='%s'>
						  <button class='cmplz-accept' onclick="answer('accept', 'cmplz-cookiebanner-container')">Accept</button>
						  <button class='cmplz-deny' onclick="answer('reject', 'cmplz-cookiebanner-container')">Deny</button>
						</div></div>""");
	}

	/** Osano: its window and dialog, and the {@code Osano} object its rule asks. */
	static String osano() {
		return consentPage("/osano", """
				<div id='osano' class='osano-cm-window'><div class='osano-cm-dialog' style='%s'>
				  <button class='osano-cm-accept-all' onclick="answer('accept', 'osano')">Accept all</button>
				  <button class='osano-cm-denyAll' onclick="answer('reject', 'osano')">Deny all</button>
				</div></div>
				<script>window.Osano = { cm: { dialogOpen: true } };</script>""");
	}

	/** Usercentrics' banner button variant. */
	static String usercentrics() {
		return consentPage("/usercentrics", """
				<div id='usercentrics-button' style='%s'>
				  <button id='uc-btn-accept-banner' onclick="answer('accept', 'usercentrics-button')">Accept</button>
				  <button id='uc-btn-deny-banner' onclick="answer('reject', 'usercentrics-button')">Deny</button>
				</div>""");
	}

	/**
	 * A page whose top band shows the answer given (grey: none, green: rejected, blue:
	 * accepted) under a red consent banner at the bottom.
	 */
	static String consentPage(String path, String banner) {
		String style = "position:fixed;left:0;right:0;bottom:0;height:100px;background:rgb(255,0,0)";
		return page(path,
				"""
						<div id='answer' style='height:100px;background:rgb(128,128,128)'></div>
						<script>function answer(choice, root) {
						  document.getElementById('answer').style.background = (choice === 'reject') ? 'rgb(0,255,0)' : 'rgb(0,0,255)';
						  document.getElementById(root).style.display = 'none';
						  if (window.Cookiebot) { window.Cookiebot.hasResponse = true; window.Cookiebot.declined = choice === 'reject';
						    window.Cookiebot.dialog.visible = false; }
						}</script>"""
						+ banner.formatted(style));
	}

	@Test
	void consentPlatformsAreAnsweredWithRejectAll() throws IOException {
		for (String url : List.of(oneTrust(), didomi(), quantcast(), cookiebot(), complianz(), osano(),
				usercentrics())) {
			BufferedImage without = png(this.jobs.run(url, "{" + SIZE + "}"));
			assertThat(rgb(without, 200, 50)).as("%s: no answer without the flag", url).isEqualTo(0x808080);
			assertThat(rgb(without, 200, 280)).as("%s: the banner", url).isEqualTo(RED);

			Map<String, Object> row = this.jobs.run(url, "{" + SIZE + ",\"blockCookieBanners\":true}");
			BufferedImage with = png(row);
			assertThat(rgb(with, 200, 50)).as("%s: rejected", url).isEqualTo(GREEN);
			assertThat(rgb(with, 200, 280)).as("%s: the banner is gone", url).isEqualTo(WHITE);
			assertThat(String.valueOf(row.get("result_warnings"))).doesNotContain("CONSENT_WALL");
		}
	}

	@Test
	void cookieConsentAcceptAnswersWithAccept() throws IOException {
		BufferedImage with = png(
				this.jobs.run(oneTrust(), "{" + SIZE + ",\"blockCookieBanners\":true,\"cookieConsent\":\"accept\"}"));
		assertThat(rgb(with, 200, 50)).isEqualTo(BLUE);
		assertThat(rgb(with, 200, 280)).isEqualTo(WHITE);
	}

	/**
	 * A band at y 100–150 that turns red when autoconsent's script arrives in the page
	 * (it defines {@code autoconsentReceiveMessage}).
	 */
	static final String SCRIPT_TRAP = """
			<div id='trap' style='position:absolute;left:0;right:0;top:100px;height:50px;background:#fff'></div>
			<script>Object.defineProperty(window, 'autoconsentReceiveMessage', { configurable: true, get() {},
			  set(value) {
			    document.getElementById('trap').style.background = 'rgb(255,0,0)';
			    Object.defineProperty(window, 'autoconsentReceiveMessage', { value, writable: true, configurable: true });
			  } });</script>""";

	@Test
	void theConsentScriptRunsOnlyInPagesThatShowAPlatform() throws IOException {
		String plain = page("/no-platform",
				"<div class='card cookie-notice-text' style='height:100px'>Hello</div>" + SCRIPT_TRAP);
		String platform = consentPage("/onetrust-trapped",
				"""
						<div id='onetrust-consent-sdk'><div id='onetrust-banner-sdk' style='%s'>
						  <button id='onetrust-reject-all-handler' onclick="answer('reject', 'onetrust-consent-sdk')">Reject all</button>
						</div></div>"""
						+ SCRIPT_TRAP);

		BufferedImage without = png(this.jobs.run(plain, "{" + SIZE + ",\"blockCookieBanners\":true}"));
		assertThat(rgb(without, 200, 125)).as("no script in a page without a platform").isEqualTo(WHITE);

		BufferedImage with = png(this.jobs.run(platform, "{" + SIZE + ",\"blockCookieBanners\":true}"));
		assertThat(rgb(with, 200, 125)).as("the script ran").isEqualTo(RED);
		assertThat(rgb(with, 200, 50)).as("rejected").isEqualTo(GREEN);
	}

	@Test
	void aBannerThatAppearsAfterTheLoadIsAnswered() throws IOException {
		String url = consentPage("/late-banner",
				"""
						<script>setTimeout(() => document.body.insertAdjacentHTML('beforeend', `
						  <div id='onetrust-consent-sdk'><div id='onetrust-banner-sdk' style='%s'>
						    <button id='onetrust-reject-all-handler' onclick="answer('reject', 'onetrust-consent-sdk')">Reject all</button>
						  </div></div>`), 300);</script>""");
		String options = "{" + SIZE + ",\"waitForSelector\":{\"selector\":\"#onetrust-banner-sdk\"}";

		BufferedImage without = png(this.jobs.run(url, options + "}"));
		assertThat(rgb(without, 200, 280)).as("the banner").isEqualTo(RED);

		BufferedImage with = png(this.jobs.run(url, options + ",\"blockCookieBanners\":true}"));
		assertThat(rgb(with, 200, 50)).as("rejected").isEqualTo(GREEN);
		assertThat(rgb(with, 200, 280)).as("the banner is gone").isEqualTo(WHITE);
	}

	/** What a third party's script draws: a box. */
	private static byte[] paint(String top, String colour) {
		return ("document.body.insertAdjacentHTML('beforeend', '<div style=\"position:absolute;left:0;top:" + top
				+ ";width:400px;height:60px;background:" + colour + "\"></div>');")
			.getBytes(StandardCharsets.UTF_8);
	}

	private BufferedImage png(Map<String, Object> row) throws IOException {
		assertThat(row).as("job %s: %s", row.get("id"), row.get("error_message")).containsEntry("status", "completed");
		return ImageIO.read(new ByteArrayInputStream(this.jobs.output(row)));
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> reasons(Map<String, Object> row) {
		return this.json.readValue(String.valueOf(row.get("result_blocked_by_reason")), Map.class);
	}

	private static int rgb(BufferedImage image, int x, int y) {
		return image.getRGB(x, y) & 0xFFFFFF;
	}

}
