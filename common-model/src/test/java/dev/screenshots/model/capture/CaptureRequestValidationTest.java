package dev.screenshots.model.capture;

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
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CaptureRequestValidationTest {

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
		CaptureRequest request = new CaptureRequest("https://example.com", null);
		assertThat(request.options())
			.isEqualTo(new CaptureOptions(1280, 720, ImageFormat.PNG, 80, false, WaitUntil.LOAD, 0, 30_000));
		assertThat(violations(request)).isEmpty();
	}

	@Test
	void partialOptionsKeepGivenValuesAndDefaultTheRest() {
		CaptureOptions options = new CaptureOptions(800, null, ImageFormat.JPEG, null, true, null, 250, null);
		assertThat(options.width()).isEqualTo(800);
		assertThat(options.height()).isEqualTo(CaptureOptions.DEFAULT_HEIGHT);
		assertThat(options.format()).isEqualTo(ImageFormat.JPEG);
		assertThat(options.fullPage()).isTrue();
		assertThat(options.delayMs()).isEqualTo(250);
		assertThat(options.timeoutMs()).isEqualTo(CaptureOptions.DEFAULT_TIMEOUT_MS);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://example.com", "https://example.com/a/b?c=d#e", "HTTPS://EXAMPLE.COM",
			"http://127.0.0.1:8080/page", "http://[::1]/", "https://user:pw@example.com/" })
	void acceptsAbsoluteHttpUrls(String url) {
		assertThat(violations(new CaptureRequest(url, null))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "example.com", "/relative/path", "ftp://example.com/file", "file:///etc/passwd",
			"javascript:alert(1)", "data:text/html,hi", "http://", "http:///path", "http://exa mple.com/",
			"chrome://settings" })
	void rejectsAnythingButAbsoluteHttpUrls(String url) {
		assertThat(violations(new CaptureRequest(url, null))).containsExactly("url");
	}

	@Test
	void rejectsOverlongUrls() {
		String url = "https://example.com/" + "a".repeat(HttpUrlValidator.MAX_LENGTH);
		assertThat(violations(new CaptureRequest(url, null))).containsExactly("url");
	}

	@Test
	void rejectsMissingUrl() {
		assertThat(violations(new CaptureRequest(null, null))).containsExactly("url");
	}

	@Test
	void rejectsEveryOutOfRangeOptionWithItsOwnPath() {
		CaptureOptions options = new CaptureOptions(15, 3841, null, 0, null, null, -1, 999);
		assertThat(violations(new CaptureRequest("https://example.com", options))).containsExactlyInAnyOrder(
				"options.width", "options.height", "options.quality", "options.delayMs", "options.timeoutMs");
	}

	@Test
	void acceptsTheBoundsThemselves() {
		CaptureOptions low = new CaptureOptions(16, 16, null, 1, null, null, 0, 1_000);
		CaptureOptions high = new CaptureOptions(3840, 3840, null, 100, null, null, 30_000, 120_000);
		assertThat(violations(new CaptureRequest("https://example.com", low))).isEmpty();
		assertThat(violations(new CaptureRequest("https://example.com", high))).isEmpty();
	}

	@Test
	void formatAndWaitUntilParseCaseInsensitivelyAndRejectOthers() {
		assertThat(ImageFormat.of("PNG")).isEqualTo(ImageFormat.PNG);
		assertThat(ImageFormat.of("jpg")).isEqualTo(ImageFormat.JPEG);
		assertThat(WaitUntil.of("NetworkIdle")).isEqualTo(WaitUntil.NETWORKIDLE);
		assertThatIllegalArgumentException().isThrownBy(() -> ImageFormat.of("gif"))
			.withMessage("must be one of png, jpeg");
		assertThatIllegalArgumentException().isThrownBy(() -> WaitUntil.of("idle"))
			.withMessageContaining("domcontentloaded");
	}

	private static Set<String> violations(CaptureRequest request) {
		return validator.validate(request)
			.stream()
			.map(ConstraintViolation::getPropertyPath)
			.map(Object::toString)
			.collect(Collectors.toSet());
	}

}
