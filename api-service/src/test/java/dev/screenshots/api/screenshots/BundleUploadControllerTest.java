package dev.screenshots.api.screenshots;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.mock.web.MockPart;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import dev.screenshots.api.apikeys.ApiKeys;
import dev.screenshots.api.events.JobWaits;
import dev.screenshots.api.limits.RateLimitStatus;
import dev.screenshots.api.limits.SubmitLimits;
import dev.screenshots.api.sources.BundleReader;
import dev.screenshots.api.sources.SourceBundle;
import dev.screenshots.api.apikeys.SecuritySliceConfiguration;
import dev.screenshots.model.capture.CaptureOptions;
import dev.screenshots.model.capture.ResolvedOptions;
import dev.screenshots.model.capture.CaptureRequest;
import dev.screenshots.testsupport.Zips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * The multipart form of {@code POST /screenshots}: bundles of files or one zip, checked
 * by the real {@link BundleReader} with small limits, the service mocked.
 */
@WebMvcTest(controllers = ScreenshotController.class,
		properties = { "api.limits.max-request-body=2KB", "api.limits.max-bundle-files=5",
				"api.limits.max-bundle-size=64KB", "api.limits.max-zip-ratio=100" })
@Import({ SecuritySliceConfiguration.class, BundleReader.class, ScreenshotViews.class })
class BundleUploadControllerTest {

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

	@MockitoBean
	ScreenshotService service;

	@MockitoBean
	ScreenshotImages images;

	@BeforeEach
	void authenticate() {
		given(this.apiKeys.authenticate(SecuritySliceConfiguration.TOKEN))
			.willReturn(Optional.of(ScreenshotControllerTest.CALLER));
		given(this.limits.acquire(ScreenshotControllerTest.CALLER)).willReturn(new RateLimitStatus(60, 59, 1));
	}

	@Test
	void filesNamedByRelativePathsBecomeTheBundle() {
		UUID id = acceptAnything();

		MvcTestResult result = this.mvc.post()
			.uri("/screenshots")
			.multipart()
			.file(file("index.html", "<link rel=stylesheet href=css/site.css><img src=img/dot.svg>"))
			.file(file("css/site.css", "body { background: red }"))
			.file(file("img/dot.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>"))
			// a plain form field without a content type, as curl -F sends it
			.part(new MockPart("request", "{\"options\":{\"width\":800}}".getBytes(StandardCharsets.UTF_8)))
			.exchange();

		assertThat(result).hasStatus(202).hasHeader("Location", "http://localhost/screenshots/" + id);
		SourceBundle bundle = submittedBundle();
		assertThat(bundle.entry()).isEqualTo("index.html");
		assertThat(bundle.files()).extracting(SourceBundle.File::path)
			.containsExactly("index.html", "css/site.css", "img/dot.svg");
		assertThat(new String(bundle.files().get(1).content(), StandardCharsets.UTF_8))
			.isEqualTo("body { background: red }");
		ArgumentCaptor<CaptureRequest> request = ArgumentCaptor.forClass(CaptureRequest.class);
		verify(this.service).submit(request.capture(), any(), any(), any());
		assertThat(request.getValue().options().width()).isEqualTo(800);
	}

	@Test
	void aZipBecomesTheBundleWithTheNamedEntry() {
		acceptAnything();
		byte[] zip = Zips.of("site/", null, "site/report.html", "<h1>Report</h1>", "site/css/a.css", "h1 {}");

		MvcTestResult result = upload(zip, "{\"entry\":\"site/report.html\"}");

		assertThat(result).hasStatus(202);
		SourceBundle bundle = submittedBundle();
		assertThat(bundle.entry()).isEqualTo("site/report.html");
		assertThat(bundle.files()).extracting(SourceBundle.File::path)
			.containsExactly("site/report.html", "site/css/a.css");
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "../index.html", "a/../../etc/passwd", "/etc/passwd", "C:/Windows/win.ini", "css\\site.css",
					"css//site.css", "./index.html", "a/./b.css", "css/", "a\u0000b.html", "line\nbreak.html" })
	void filePathsThatCouldLeaveTheBundleAre400(String path) {
		MvcTestResult result = this.mvc.post()
			.uri("/screenshots")
			.multipart()
			.file(file("index.html", "<p>hi</p>"))
			.file(file(path, "x"))
			.exchange();

		assertProblem(result, 400, "/problems/invalid-bundle");
		verify(this.service, never()).submit(any(), any(), any(), any());
	}

	@ParameterizedTest
	@ValueSource(strings = { "../evil.html", "../../../../tmp/evil.html", "/etc/cron.d/evil", "dir\\..\\evil.html" })
	void zipEntriesThatCouldLeaveTheBundleAre400(String path) {
		MvcTestResult result = upload(Zips.of("index.html", "<p>hi</p>", path, "x"), null);

		assertProblem(result, 400, "/problems/invalid-bundle");
	}

	@Test
	void zipWithASymbolicLinkIs400() {
		MvcTestResult result = upload(Zips.withSymlink("passwd", "/etc/passwd"), null);

		assertProblem(result, 400, "/problems/invalid-bundle");
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("symbolic link");
	}

	@Test
	void zipBombIs413NamingTheRatioLimit() {
		// 60 KB of zeros deflate to about 100 bytes: far over 100 times the zip's size
		byte[] zip = Zips.of("index.html", "<p>hi</p>", "zeros.txt", "\0".repeat(60 * 1024));

		MvcTestResult result = upload(zip, null);

		assertProblem(result, 413, "/problems/bundle-too-large");
		assertThat(result).bodyJson().extractingPath("$.code").isEqualTo("BUNDLE_TOO_LARGE");
		assertThat(result).bodyJson().extractingPath("$.limit").isEqualTo("api.limits.max-zip-ratio");
	}

	@Test
	void tooManyFilesIs413NamingTheLimit() {
		MvcTestResult result = this.mvc.post()
			.uri("/screenshots")
			.multipart()
			.file(file("index.html", "a"))
			.file(file("1.css", "a"))
			.file(file("2.css", "a"))
			.file(file("3.css", "a"))
			.file(file("4.css", "a"))
			.file(file("5.css", "a"))
			.exchange();

		assertProblem(result, 413, "/problems/bundle-too-large");
		assertThat(result).bodyJson().extractingPath("$.limit").isEqualTo("api.limits.max-bundle-files");
	}

	@Test
	void filesLargerInTotalThanTheLimitAre413() {
		String half = "a".repeat(40 * 1024);

		MvcTestResult result = this.mvc.post()
			.uri("/screenshots")
			.multipart()
			.file(file("index.html", half))
			.file(file("big.css", half))
			.exchange();

		assertProblem(result, 413, "/problems/bundle-too-large");
		assertThat(result).bodyJson().extractingPath("$.limit").isEqualTo("api.limits.max-bundle-size");
	}

	@Test
	void anEntryThatIsNotInTheBundleIs400() {
		MvcTestResult result = this.mvc.post()
			.uri("/screenshots")
			.multipart()
			.file(file("page.html", "<p>hi</p>"))
			.exchange();

		assertProblem(result, 400, "/problems/invalid-bundle");
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("index.html");
	}

	@Test
	void theSamePathTwiceIs400() {
		MvcTestResult result = this.mvc.post()
			.uri("/screenshots")
			.multipart()
			.file(file("index.html", "one"))
			.file(file("index.html", "two"))
			.exchange();

		assertProblem(result, 400, "/problems/invalid-bundle");
	}

	@Test
	void filesAndAZipTogetherOrNeitherAre400() {
		assertProblem(this.mvc.post()
			.uri("/screenshots")
			.multipart()
			.file(file("index.html", "one"))
			.file(new MockMultipartFile("bundle", "site.zip", "application/zip", Zips.of("index.html", "x")))
			.exchange(), 400, "/problems/invalid-bundle");
		assertProblem(this.mvc.post()
			.uri("/screenshots")
			.multipart()
			.part(new MockPart("request", "{}".getBytes(StandardCharsets.UTF_8)))
			.exchange(), 400, "/problems/invalid-bundle");
	}

	@Test
	void anUploadThatIsNotAZipIs400() {
		MvcTestResult result = upload("this is not a zip".getBytes(StandardCharsets.UTF_8), null);

		assertProblem(result, 400, "/problems/invalid-bundle");
	}

	@Test
	void aRequestPartThatIsNotJsonIs400MalformedRequest() {
		MvcTestResult result = this.mvc.post()
			.uri("/screenshots")
			.multipart()
			.file(file("index.html", "x"))
			.part(new MockPart("request", "{\"entry\":".getBytes(StandardCharsets.UTF_8)))
			.exchange();

		assertProblem(result, 400, "/problems/malformed-request");
	}

	@Test
	void invalidOptionsInTheRequestPartAre400WithTheFieldsNamed() {
		MvcTestResult result = this.mvc.post()
			.uri("/screenshots")
			.multipart()
			.file(file("index.html", "x"))
			.part(new MockPart("request",
					"{\"options\":{\"width\":1,\"quality\":500}}".getBytes(StandardCharsets.UTF_8)))
			.exchange();

		assertProblem(result, 400, "/problems/validation-error");
		assertThat(result).bodyJson()
			.extractingPath("$.errors[*].field")
			.asArray()
			.containsExactly("options.quality", "options.width");
	}

	@Test
	void unknownFieldsInTheRequestPartAre400() {
		MvcTestResult result = this.mvc.post()
			.uri("/screenshots")
			.multipart()
			.file(file("index.html", "x"))
			.part(new MockPart("request", "{\"url\":\"http://example.com\"}".getBytes(StandardCharsets.UTF_8)))
			.exchange();

		assertProblem(result, 400, "/problems/validation-error");
		assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("url");
	}

	private UUID acceptAnything() {
		UUID id = UUID.randomUUID();
		given(this.service.submit(any(), any(), any(), eq(ScreenshotControllerTest.CALLER))).willReturn(
				new ScreenshotService.Submission(PendingJobs.of(id, "https://" + id + ".screenshot.invalid/index.html",
						ResolvedOptions.defaults().toWire()), false, Reuse.Outcome.NEW));
		return id;
	}

	private SourceBundle submittedBundle() {
		ArgumentCaptor<SourceBundle> bundle = ArgumentCaptor.forClass(SourceBundle.class);
		verify(this.service).submit(any(), bundle.capture(), any(), any());
		return bundle.getValue();
	}

	private MvcTestResult upload(byte[] zip, String request) {
		var builder = this.mvc.post()
			.uri("/screenshots")
			.multipart()
			.file(new MockMultipartFile("bundle", "site.zip", "application/zip", zip));
		if (request != null) {
			builder.part(new MockPart("request", request.getBytes(StandardCharsets.UTF_8)));
		}
		return builder.exchange();
	}

	private static void assertProblem(MvcTestResult result, int status, String type) {
		assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.type").isEqualTo(type);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().isNotBlank();
	}

	private static MockMultipartFile file(String path, String content) {
		return new MockMultipartFile("files", path, null, content.getBytes(StandardCharsets.UTF_8));
	}

}
