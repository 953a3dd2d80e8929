package dev.screenshots.api.screenshots;

import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import dev.screenshots.api.system.JsonStrictness;
import dev.screenshots.api.apikeys.ApiKeyPrincipal;
import dev.screenshots.api.apikeys.ApiKeys;
import dev.screenshots.api.events.JobWaits;
import dev.screenshots.api.jobs.JobNotFoundException;
import dev.screenshots.api.apikeys.Role;
import dev.screenshots.api.limits.RateLimitStatus;
import dev.screenshots.api.limits.SubmitLimits;
import dev.screenshots.api.sources.BundleReader;
import dev.screenshots.api.apikeys.SecuritySliceConfiguration;
import dev.screenshots.model.capture.CaptureOptions;
import dev.screenshots.model.capture.ResolvedOptions;
import dev.screenshots.model.capture.CaptureRequest;
import dev.screenshots.model.job.JobStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * The HTTP contract of the screenshots resource, with the service mocked: status codes,
 * headers and problem details for every kind of bad input.
 */
@WebMvcTest(controllers = ScreenshotController.class, properties = "api.limits.max-request-body=2KB")
@Import({ SecuritySliceConfiguration.class, BundleReader.class, JsonStrictness.class, ScreenshotViews.class })
class ScreenshotControllerTest {

	static final ApiKeyPrincipal CALLER = new ApiKeyPrincipal(UUID.randomUUID(), "test", "tenant-a", Role.CLIENT, null,
			null, false);

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	ApiKeys apiKeys;

	@MockitoBean
	JobWaits waits;

	@MockitoBean
	JobListing listing;

	@MockitoBean
	SubmitLimits limits;

	@BeforeEach
	void authenticate() {
		given(this.apiKeys.authenticate(SecuritySliceConfiguration.TOKEN)).willReturn(Optional.of(CALLER));
		given(this.limits.acquire(CALLER)).willReturn(new RateLimitStatus(60, 59, 1));
	}

	@MockitoBean
	ScreenshotService service;

	@MockitoBean
	ScreenshotImages images;

	@Test
	void acceptedRequestAnswers202WithLocationAndTheResolvedOptions() {
		UUID id = UUID.randomUUID();
		CaptureOptions options = JsonMapper.builder()
			.build()
			.readValue("{\"width\":800,\"format\":\"jpeg\"}", CaptureOptions.class);
		given(this.service.submit(new CaptureRequest("https://example.com/", null, options), null, null, CALLER))
			.willReturn(new ScreenshotService.Submission(pendingJob(id, options), false, Reuse.Outcome.NEW));

		MvcTestResult result = post(
				"{\"url\":\"https://example.com/\",\"options\":{\"width\":800,\"format\":\"jpeg\"}}");

		assertThat(result).hasStatus(202)
			.hasHeader("Location", "http://localhost/screenshots/" + id)
			.hasContentType(MediaType.APPLICATION_JSON);
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("pending");
		assertThat(result).bodyJson().extractingPath("$.options.width").isEqualTo(800);
		assertThat(result).bodyJson().extractingPath("$.options.format").isEqualTo("jpeg");
		assertThat(result).bodyJson().extractingPath("$.links.self").isEqualTo("http://localhost/screenshots/" + id);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					not an http URL           | {"url":"ftp://example.com/"}                             | url
					missing url               | {"options":{}}                                           | input
					width below minimum       | {"url":"http://a.example","options":{"width":1}}         | options.width
					height above maximum      | {"url":"http://a.example","options":{"height":100000}}   | options.height
					quality out of range      | {"url":"http://a.example","options":{"quality":101}}     | options.quality
					negative delay            | {"url":"http://a.example","options":{"delayMs":-5}}      | options.delayMs
					timeout too short         | {"url":"http://a.example","options":{"timeoutMs":10}}    | options.timeoutMs
					unknown format            | {"url":"http://a.example","options":{"format":"gif"}}    | options.format
					unknown wait state        | {"url":"http://a.example","options":{"waitUntil":"x"}}   | options.waitUntil
					width not a number        | {"url":"http://a.example","options":{"width":"wide"}}    | options.width
					fractional width          | {"url":"http://a.example","options":{"width":10.5}}      | options.width
					width out of int range    | {"url":"http://a.example","options":{"width":1e30}}      | options.width
					fullPage not a boolean    | {"url":"http://a.example","options":{"fullPage":"yes"}}  | options.fullPage
					unknown option            | {"url":"http://a.example","options":{"fullpage":true}}   | options.fullpage
					unknown top-level field   | {"url":"http://a.example","colour":"red"}                | colour
					options not an object     | {"url":"http://a.example","options":[1]}                 | options
					failOnHttpError a string  | {"url":"http://a.example","options":{"failOnHttpError":"yes"}} | options.failOnHttpError
					empty text check          | {"url":"http://a.example","options":{"failIfTextMissing":""}}  | options.failIfTextMissing
					text check not a string   | {"url":"http://a.example","options":{"failIfTextPresent":[1]}} | options.failIfTextPresent
					disableAnimations a number | {"url":"http://a.example","options":{"disableAnimations":1}}  | options.disableAnimations
					blockAds a string         | {"url":"http://a.example","options":{"blockAds":"yes"}}  | options.blockAds
					blockCookieBanners a number | {"url":"http://a.example","options":{"blockCookieBanners":2}} | options.blockCookieBanners
					unknown cookieConsent     | {"url":"http://a.example","options":{"cookieConsent":"maybe"}} | options.cookieConsent
					unknown artifact          | {"url":"http://a.example","options":{"artifacts":["html","pdf"]}} | options.artifacts[1]
					artifacts not a list      | {"url":"http://a.example","options":{"artifacts":{"html":true}}} | options.artifacts
					thumbnail without a size  | {"url":"http://a.example","options":{"thumbnail":{"fit":"cover"}}} | options.thumbnail.sized
					thumbnail too wide        | {"url":"http://a.example","options":{"thumbnail":{"width":5000}}} | options.thumbnail.width
					unknown fit               | {"url":"http://a.example","options":{"thumbnail":{"width":10,"fit":"stretch"}}} | options.thumbnail.fit
					thumbnail as a PDF        | {"url":"http://a.example","options":{"thumbnail":{"width":10,"format":"pdf"}}} | options.thumbnail.imageFormat
					thumbnail quality         | {"url":"http://a.example","options":{"thumbnail":{"width":10,"quality":0}}} | options.thumbnail.quality
					resize to nothing         | {"url":"http://a.example","options":{"resize":{"width":0}}} | options.resize.width
					resize without a size     | {"url":"http://a.example","options":{"resize":{}}} | options.resize.sized
					resize a PDF              | {"url":"http://a.example","options":{"format":"pdf","resize":{"width":100}}} | options.formatConsistent
					""")
	void invalidFieldsAnswer400WithTheFieldNamed(String name, String body, String field) {
		MvcTestResult result = post(body);

		assertThat(result).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("/problems/validation-error");
		assertThat(result).bodyJson().extractingPath("$.code").isEqualTo("INVALID_REQUEST");
		assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo(field);
		assertThat(result).bodyJson().extractingPath("$.errors[0].message").asString().isNotBlank();
		verify(this.service, never()).submit(any(), any(), any(), any());
	}

	@Test
	void everyInvalidFieldIsReportedAtOnce() {
		MvcTestResult result = post("{\"url\":\"x\",\"options\":{\"width\":1,\"height\":1,\"quality\":0}}");

		assertThat(result).hasStatus(400);
		assertThat(result).bodyJson()
			.extractingPath("$.errors[*].field")
			.asArray()
			.containsExactly("options.height", "options.quality", "options.width", "url");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			truncated JSON      | {"url":
			not JSON            | hello
			array body          | [1,2,3]
			""")
	void malformedBodiesAnswer400MalformedRequest(String name, String body) {
		MvcTestResult result = post(body);

		assertThat(result).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("/problems/malformed-request");
		verify(this.service, never()).submit(any(), any(), any(), any());
	}

	@Test
	void emptyBodyAnswers400() {
		assertThat(this.mvc.post().uri("/screenshots").contentType(MediaType.APPLICATION_JSON)).hasStatus(400)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("/problems/malformed-request");
	}

	@Test
	void wrongContentTypeAnswers415() {
		MvcTestResult result = this.mvc.post()
			.uri("/screenshots")
			.contentType(MediaType.TEXT_PLAIN)
			.content("https://example.com")
			.exchange();

		assertThat(result).hasStatus(415).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("/problems/unsupported-media-type");
	}

	@Test
	void bodyOverTheLimitAnswers413NamingTheLimit() {
		MvcTestResult result = post("{\"url\":\"https://example.com/" + "a".repeat(3000) + "\"}");

		assertThat(result).hasStatus(413).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("/problems/payload-too-large");
		assertThat(result).bodyJson().extractingPath("$.limitBytes").isEqualTo(2048);
		verify(this.service, never()).submit(any(), any(), any(), any());
	}

	@Test
	void unknownOrMalformedIdsAnswer404() {
		UUID id = UUID.randomUUID();
		given(this.service.find(id, "tenant-a")).willThrow(new JobNotFoundException(id.toString()));

		assertThat(this.mvc.get().uri("/screenshots/{id}", id)).hasStatus(404)
			.bodyJson()
			.extractingPath("$.code")
			.isEqualTo("JOB_NOT_FOUND");
		assertThat(this.mvc.get().uri("/screenshots/not-a-uuid")).hasStatus(404)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("/problems/job-not-found");
	}

	@Test
	void imageOfAJobThatIsNotCompletedAnswers409WithItsStatus() {
		UUID id = UUID.randomUUID();
		given(this.service.row(id, "tenant-a")).willReturn(pendingJob(id, ResolvedOptions.defaults().toWire()).row());

		MvcTestResult result = this.mvc.get().uri("/screenshots/{id}/image", id).exchange();

		assertThat(result).hasStatus(409).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("/problems/job-not-completed");
		assertThat(result).bodyJson().extractingPath("$.jobStatus").isEqualTo("pending");
		verify(this.images, never()).open(any(), any());
	}

	@Test
	void unsupportedMethodAnswers405WithProblemDetails() {
		assertThat(this.mvc.put().uri("/screenshots")).hasStatus(405)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("/problems/method-not-allowed");
	}

	@Test
	void unexpectedErrorsAnswer500WithoutInternals() {
		given(this.service.submit(any(), any(), any(), any()))
			.willThrow(new IllegalStateException("connection pool secret detail"));

		MvcTestResult result = post("{\"url\":\"https://example.com/\"}");

		assertThat(result).hasStatus(500).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyText().doesNotContain("secret").doesNotContain("IllegalStateException");
	}

	@Test
	void repeatedIdempotencyKeyReturnsTheSameJobMarkedAsReplayed() {
		UUID id = UUID.randomUUID();
		given(this.service.submit(any(), any(), eq("order-42"), eq(CALLER)))
			.willReturn(new ScreenshotService.Submission(pendingJob(id, ResolvedOptions.defaults().toWire()), true,
					Reuse.Outcome.NEW));

		MvcTestResult result = this.mvc.post()
			.uri("/screenshots")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Idempotency-Key", "\"order-42\"")
			.content("{\"url\":\"https://example.com/\"}")
			.exchange();

		assertThat(result).hasStatus(202).hasHeader("Idempotent-Replayed", "true");
		assertThat(result).bodyJson().extractingPath("$.id").isEqualTo(id.toString());
	}

	@Test
	void idempotencyKeyReusedWithADifferentRequestAnswers422() {
		given(this.service.submit(any(), any(), eq("k1"), eq(CALLER))).willThrow(new IdempotencyKeyReusedException());

		MvcTestResult result = this.mvc.post()
			.uri("/screenshots")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Idempotency-Key", "k1")
			.content("{\"url\":\"https://example.com/other\"}")
			.exchange();

		assertThat(result).hasStatus(422).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("/problems/idempotency-key-reused");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			empty          | ''
			only quotes    | '""'
			non-ASCII      | clé
			""")
	void invalidIdempotencyKeysAnswer400(String name, String key) {
		MvcTestResult result = this.mvc.post()
			.uri("/screenshots")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Idempotency-Key", key)
			.content("{\"url\":\"https://example.com/\"}")
			.exchange();

		assertThat(result).hasStatus(400);
		assertThat(result).bodyJson().extractingPath("$.code").isEqualTo("INVALID_IDEMPOTENCY_KEY");
		verify(this.service, never()).submit(any(), any(), any(), any());
	}

	@Test
	void tooLongIdempotencyKeyAnswers400() {
		assertThat(ScreenshotController.idempotencyKey("x".repeat(255))).hasSize(255);
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScreenshotController.idempotencyKey("x".repeat(256)))
			.isInstanceOf(InvalidIdempotencyKeyException.class);
	}

	@Test
	void cancellingAFinishedJobAnswers409WithItsStatus() {
		UUID id = UUID.randomUUID();
		given(this.service.cancel(id, "tenant-a")).willThrow(new JobAlreadyFinishedException(JobStatus.COMPLETED));

		MvcTestResult result = this.mvc.delete().uri("/screenshots/{id}", id).exchange();

		assertThat(result).hasStatus(409);
		assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("/problems/job-already-finished");
		assertThat(result).bodyJson().extractingPath("$.jobStatus").isEqualTo("completed");
	}

	private static ScreenshotService.Job pendingJob(UUID id, CaptureOptions options) {
		return PendingJobs.of(id, "https://example.com/", options);
	}

	private MvcTestResult post(String body) {
		return this.mvc.post().uri("/screenshots").contentType(MediaType.APPLICATION_JSON).content(body).exchange();
	}

}
