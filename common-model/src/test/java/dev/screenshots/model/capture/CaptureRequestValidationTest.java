package dev.screenshots.model.capture;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CaptureRequestValidationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static ValidatorFactory factory;

	private static Validator validator;

	@BeforeAll
	static void createValidator() {
		factory = Validation.buildDefaultValidatorFactory();
		validator = factory.getValidator();
	}

	@AfterAll
	static void closeValidator() {
		factory.close();
	}

	@Test
	void missingOptionsTakeTheDocumentedDefaults() {
		ResolvedOptions applied = request("{\"url\":\"https://example.com\"}").options().resolve();
		assertThat(applied.viewport()).isEqualTo(new ResolvedOptions.Viewport(1280, 720, 1.0, false, false));
		assertThat(applied.output().format()).isEqualTo(ImageFormat.PNG);
		assertThat(applied.output().quality()).isEqualTo(80);
		assertThat(applied.area().fullPage()).isFalse();
		assertThat(applied.area().maxHeight()).isEqualTo(16_384);
		assertThat(applied.waits().waitUntil()).isEqualTo(WaitUntil.LOAD);
		assertThat(applied.waits().delayMs()).isZero();
		assertThat(applied.waits().timeoutMs()).isEqualTo(30_000);
		assertThat(applied.context().mediaType()).isEqualTo(Emulation.MediaType.SCREEN);
		assertThat(applied.context().javaScriptEnabled()).isTrue();
		assertThat(applied.context().extraHeaders()).isEmpty();
		assertThat(applied.beforeCapture().actions()).isEmpty();
		assertThat(applied.blocking()).isEqualTo(ResolvedOptions.Blocking.of(List.of(), List.of()));
		assertThat(applied.output().pdf()).isNull();
		assertThat(applied).isEqualTo(ResolvedOptions.defaults()).isEqualTo(applied.toWire().resolve());
		assertThat(JSON.writeValueAsString(applied.toWire())).isEqualTo(
				"""
						{"width":1280,"height":720,"deviceScaleFactor":1.0,"isMobile":false,"hasTouch":false,"fullPage":false,\
						"maxHeight":16384,"format":"png","quality":80,"omitBackground":false,"waitUntil":"load","delayMs":0,\
						"timeoutMs":30000,"mediaType":"screen","extraHeaders":{},"cookies":[],"javaScriptEnabled":true,\
						"hideSelectors":[],"blockResourceTypes":[],"blockUrlPatterns":[],"actions":[],"failOnHttpError":false,"disableAnimations":false,"blockAds":false,"blockTrackers":false,"blockCookieBanners":false,"blockChats":false,"cookieConsent":"reject"}""");
	}

	@Test
	void devicePresetSuppliesViewportDensityTouchAndUserAgentUnlessOverridden() {
		ResolvedOptions phone = request("{\"url\":\"https://example.com\",\"options\":{\"device\":\"iphone 15\"}}")
			.options()
			.resolve();
		assertThat(phone.device()).isEqualTo("iPhone 15");
		assertThat(phone.viewport()).isEqualTo(new ResolvedOptions.Viewport(393, 852, 3.0, true, true));
		assertThat(phone.context().userAgent()).contains("iPhone");
		assertThat(phone.toWire().resolve()).isEqualTo(phone);

		ResolvedOptions overridden = request(
				"{\"url\":\"https://example.com\",\"options\":{\"device\":\"Pixel 7\",\"width\":500,\"deviceScaleFactor\":1}}")
			.options()
			.resolve();
		assertThat(overridden.viewport()).isEqualTo(new ResolvedOptions.Viewport(500, 915, 1.0, true, true));
	}

	@Test
	void pdfFormatGetsDefaultPdfLayout() {
		ResolvedOptions pdf = request("{\"url\":\"https://example.com\",\"options\":{\"format\":\"pdf\"}}").options()
			.resolve();
		assertThat(pdf.output().pdf()).isEqualTo(new PdfOptions(PdfOptions.PaperFormat.A4, false, null, true));
		assertThat(pdf.output().pdf().margin().top()).isEqualTo("0px");
		assertThat(violations(new CaptureRequest("https://example.com", null, pdf.toWire()))).isEmpty();
		assertThat(pdf.output().pdf().scale()).isEqualTo(1.0);
		assertThat(pdf.output().pdf().displayHeaderFooter()).isFalse();

		ResolvedOptions custom = request("{\"url\":\"https://example.com\",\"options\":{\"format\":\"pdf\","
				+ "\"pdf\":{\"width\":\"10cm\",\"height\":\"15cm\",\"pageRanges\":\"1-3, 5, 8-\","
				+ "\"footerTemplate\":\"<span class=pageNumber></span>\"}}}")
			.options()
			.resolve();
		assertThat(custom.output().pdf().format()).as("a custom size has no paper format").isNull();
		assertThat(custom.output().pdf().displayHeaderFooter()).isTrue();
		assertThat(custom.toWire().resolve()).isEqualTo(custom);
		assertThat(violations(new CaptureRequest("https://example.com", null, custom.toWire()))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://example.com", "https://example.com/a/b?c=d#e", "HTTPS://EXAMPLE.COM",
			"http://127.0.0.1:8080/page", "http://[::1]/", "https://user:pw@example.com/" })
	void acceptsAbsoluteHttpUrls(String url) {
		assertThat(violations(new CaptureRequest(url, null, null))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "example.com", "/relative/path", "ftp://example.com/file", "file:///etc/passwd",
			"javascript:alert(1)", "data:text/html,hi", "http://", "http:///path", "http://exa mple.com/",
			"chrome://settings" })
	void rejectsAnythingButAbsoluteHttpUrls(String url) {
		assertThat(violations(new CaptureRequest(url, null, null))).containsExactly("url");
	}

	@Test
	void rejectsOverlongUrls() {
		String url = "https://example.com/" + "a".repeat(HttpUrlValidator.MAX_LENGTH);
		assertThat(violations(new CaptureRequest(url, null, null))).containsExactly("url");
	}

	@Test
	void needsExactlyOneOfUrlAndHtml() {
		assertThat(violations(new CaptureRequest(null, null, null))).containsExactly("input");
		assertThat(violations(new CaptureRequest("https://example.com", "<p>hi</p>", null))).containsExactly("input");
		assertThat(violations(new CaptureRequest(null, "<p>hi</p>", null))).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					width too small            | "width":15                                        | options.width
					height too large           | "height":3841                                     | options.height
					scale below 1              | "deviceScaleFactor":0.5                           | options.deviceScaleFactor
					scale above 3              | "deviceScaleFactor":3.5                           | options.deviceScaleFactor
					unknown device             | "device":"Nokia 3310"                             | options.device
					quality 0                  | "quality":0                                       | options.quality
					negative delay             | "delayMs":-1                                      | options.delayMs
					short timeout              | "timeoutMs":999                                   | options.timeoutMs
					tall maxHeight             | "maxHeight":40000                                 | options.maxHeight
					clip without width         | "clip":{"x":0,"y":0,"height":10}                  | options.clip.width
					clip negative x            | "clip":{"x":-1,"y":0,"width":10,"height":10}      | options.clip.x
					empty selector             | "selector":""                                     | options.selector
					waitForSelector blank      | "waitForSelector":{"selector":" "}                | options.waitForSelector.selector
					bad locale                 | "locale":"english please"                         | options.locale
					bad time zone              | "timezoneId":"Mars/Olympus"                       | options.timezoneValid
					header name with space     | "extraHeaders":{"X Bad":"v"}                      | options.extraHeaders<K>[X Bad].<map key>
					header value with newline  | "extraHeaders":{"X-A":"a\\nb"}                     | options.extraHeaders[X-A].<map value>
					Host header                | "extraHeaders":{"Host":"internal"}                | options.extraHeadersAllowed
					Cookie header              | "extraHeaders":{"cookie":"a=b"}                   | options.extraHeadersAllowed
					Proxy header               | "extraHeaders":{"Proxy-Authorization":"x"}        | options.extraHeadersAllowed
					Transfer-Encoding header   | "extraHeaders":{"Transfer-Encoding":"chunked"}    | options.extraHeadersAllowed
					cookie without name        | "cookies":[{"value":"v"}]                         | options.cookies[0].name
					cookie name with semicolon | "cookies":[{"name":"a;b","value":"v"}]            | options.cookies[0].name
					blank hide selector        | "hideSelectors":[""]                              | options.hideSelectors[0].<list element>
					pdf margin not a length    | "format":"pdf","pdf":{"margin":{"top":"lots"}}    | options.pdf.margin.top
					pdf options on png         | "format":"png","pdf":{"landscape":true}           | options.formatConsistent
					pdf page ranges as words   | "format":"pdf","pdf":{"pageRanges":"first two"}   | options.pdf.pageRanges
					pdf scale too small        | "format":"pdf","pdf":{"scale":0.05}               | options.pdf.scale
					pdf width without height   | "format":"pdf","pdf":{"width":"10cm"}             | options.pdf.paperSizeConsistent
					pdf size and format        | "format":"pdf","pdf":{"format":"a4","width":"1in","height":"1in"} | options.pdf.paperSizeConsistent
					pdf height not a length    | "format":"pdf","pdf":{"width":"1in","height":"tall"} | options.pdf.height
					transparent jpeg           | "format":"jpeg","omitBackground":true             | options.formatConsistent
					clipped pdf                | "format":"pdf","clip":{"x":0,"y":0,"width":1,"height":1} | options.formatConsistent
					fullPage and clip          | "fullPage":true,"clip":{"x":0,"y":0,"width":1,"height":1} | options.areaUnambiguous
					click without selector     | "actions":[{"type":"click"}]                      | options.actions[0].complete
					fill without text          | "actions":[{"type":"fill","selector":"#q"}]       | options.actions[0].complete
					press without key          | "actions":[{"type":"press"}]                      | options.actions[0].complete
					scroll without target      | "actions":[{"type":"scroll"}]                     | options.actions[0].complete
					wait without anything      | "actions":[{"type":"wait"}]                       | options.actions[0].complete
					action timeout too long    | "actions":[{"type":"wait","ms":1,"timeoutMs":70000}] | options.actions[0].timeoutMs
					""")
	void rejectsInvalidOptionsWithTheFieldPath(String name, String options, String path) {
		assertThat(violations(request("{\"url\":\"https://example.com\",\"options\":{" + options + "}}")))
			.contains(path);
	}

	@Test
	void htmlIsAnInputOfItsOwnAndMustNotBeEmpty() {
		assertThat(violations(request("{\"html\":\"<p>hi</p>\"}"))).isEmpty();
		assertThat(violations(request("{\"html\":\"\"}"))).contains("html");
		assertThat(violations(request("{\"html\":\"<p>hi</p>\",\"url\":\"https://example.com\"}"))).contains("input");
	}

	@Test
	void limitsListSizes() {
		String actions = "[" + String.join(",", java.util.Collections.nCopies(51, "{\"type\":\"wait\",\"ms\":1}"))
				+ "]";
		assertThat(violations(request("{\"url\":\"https://example.com\",\"options\":{\"actions\":" + actions + "}}")))
			.contains("options.actions");
	}

	@Test
	void acceptsACompleteRealisticRequest() {
		CaptureRequest request = request("""
				{"url":"https://example.com","options":{"device":"iPad","fullPage":true,"maxHeight":8000,
				 "format":"webp","quality":70,"omitBackground":true,"waitUntil":"networkidle","delayMs":250,
				 "waitForSelector":{"selector":"#app","state":"attached"},"waitForFunction":"window.ready === true",
				 "colorScheme":"dark","reducedMotion":"reduce","mediaType":"print","locale":"de-DE",
				 "timezoneId":"Europe/Berlin","userAgent":"Bot/1.0","extraHeaders":{"X-Trace":"1"},
				 "cookies":[{"name":"session","value":"abc","sameSite":"lax"}],"javaScriptEnabled":true,
				 "hideSelectors":[".cookie-banner"],"css":"body{margin:0}","js":"document.title='x'",
				 "blockResourceTypes":["media","font"],"blockUrlPatterns":["**/ads/**"],
				 "actions":[{"type":"click","selector":"#accept"},{"type":"fill","selector":"#q","text":"cats"},
				            {"type":"press","key":"Enter"},{"type":"scroll","y":400},{"type":"wait","ms":100}]}}""");
		assertThat(violations(request)).isEmpty();
		ResolvedOptions resolved = request.options().resolve();
		assertThat(resolved.toWire().resolve()).isEqualTo(resolved);
		// the options column and GET /screenshots/{id} show exactly what they showed
		// before
		// the options were grouped (and idempotency fingerprints hash this text)
		assertThat(JSON.writeValueAsString(resolved.toWire())).isEqualTo(
				"""
						{"device":"iPad","width":810,"height":1080,"deviceScaleFactor":2.0,"isMobile":true,"hasTouch":true,\
						"fullPage":true,"maxHeight":8000,"format":"webp","quality":70,"omitBackground":true,\
						"waitUntil":"networkidle","delayMs":250,"waitForSelector":{"selector":"#app","state":"attached"},\
						"waitForFunction":"window.ready === true","timeoutMs":30000,"colorScheme":"dark",\
						"reducedMotion":"reduce","mediaType":"print","locale":"de-DE","timezoneId":"Europe/Berlin",\
						"userAgent":"Bot/1.0","extraHeaders":{"X-Trace":"1"},"cookies":[{"name":"session","value":"abc",\
						"domain":null,"path":null,"secure":null,"httpOnly":null,"sameSite":"lax"}],"javaScriptEnabled":true,\
						"hideSelectors":[".cookie-banner"],"css":"body{margin:0}","js":"document.title='x'",\
						"blockResourceTypes":["media","font"],"blockUrlPatterns":["**/ads/**"],"actions":[{"type":"click",\
						"selector":"#accept","timeoutMs":5000},{"type":"fill","selector":"#q","text":"cats","timeoutMs":5000},\
						{"type":"press","key":"Enter","timeoutMs":5000},{"type":"scroll","y":400,"timeoutMs":5000},\
						{"type":"wait","ms":100,"timeoutMs":5000}],"failOnHttpError":false,"disableAnimations":false,"blockAds":false,"blockTrackers":false,"blockCookieBanners":false,"blockChats":false,"cookieConsent":"reject"}""");
		assertThat(resolved.beforeCapture().actions()).hasSize(5)
			.allSatisfy((action) -> assertThat(action.timeoutMs()).isEqualTo(5000));
	}

	@Test
	void formatAndWaitUntilParseCaseInsensitivelyAndRejectOthers() {
		assertThat(ImageFormat.of("PNG")).isEqualTo(ImageFormat.PNG);
		assertThat(ImageFormat.of("jpg")).isEqualTo(ImageFormat.JPEG);
		assertThat(ImageFormat.of("WebP")).isEqualTo(ImageFormat.WEBP);
		assertThat(WaitUntil.of("NetworkIdle")).isEqualTo(WaitUntil.NETWORKIDLE);
		assertThat(WaitUntil.of("commit")).isEqualTo(WaitUntil.COMMIT);
		assertThatIllegalArgumentException().isThrownBy(() -> ImageFormat.of("gif"))
			.withMessage("must be one of png, jpeg, webp, pdf");
	}

	@Test
	void contentChecksTakeTextAndAFlag() {
		ResolvedOptions checked = request("""
				{"url":"https://example.com","options":{"failOnHttpError":true,"failIfTextMissing":"Welcome",
				 "failIfTextPresent":"Access denied"}}""").options().resolve();
		assertThat(checked.checks()).isEqualTo(new ResolvedOptions.Checks(true, "Welcome", "Access denied"));
		assertThat(checked.toWire().resolve()).isEqualTo(checked);

		assertThat(violations(request("""
				{"url":"https://example.com","options":{"failIfTextMissing":"","failIfTextPresent":"%s"}}"""
			.formatted("x".repeat(1001)))))
			.containsExactlyInAnyOrder("options.failIfTextMissing", "options.failIfTextPresent");
	}

	@Test
	void cookieValuesAreNotPrintedByToString() {
		Cookie cookie = new Cookie("session", "secret-token", null, null, null, null, null);
		assertThat(cookie.toString()).doesNotContain("secret-token");
	}

	@Test
	void headerAndCookieValuesAndScriptsAreNotPrintedByTheOptions() {
		CaptureOptions options = request("""
				{"url":"https://example.com","options":{"extraHeaders":{"Authorization":"Bearer secret-header"},
				 "cookies":[{"name":"session","value":"secret-cookie"}],"js":"secretScript()"}}""").options();

		assertThat(options.toString()).contains("Authorization", "session")
			.doesNotContain("secret-header", "secret-cookie", "secretScript");
		assertThat(options.resolve().toString()).contains("Authorization", "session")
			.doesNotContain("secret-header", "secret-cookie", "secretScript");
	}

	@Test
	void aLongPageRangesValueIsRefusedWithoutRunningOutOfStack() {
		// validation matches the pattern even when @Size has refused the value; a greedy
		// repeated group took one stack frame per page and overflowed
		CaptureRequest request = request("{\"url\":\"https://example.com/\",\"options\":{\"format\":\"pdf\","
				+ "\"pdf\":{\"pageRanges\":\"" + "1,".repeat(200_000) + "1\"}}}");

		assertThat(violations(request)).containsExactly("options.pdf.pageRanges");
	}

	private static CaptureRequest request(String json) {
		return JSON.readValue(json, CaptureRequest.class);
	}

	private static Set<String> violations(CaptureRequest request) {
		return validator.validate(request)
			.stream()
			.map(ConstraintViolation::getPropertyPath)
			.map(Object::toString)
			.collect(Collectors.toSet());
	}

}
