package dev.screenshots.worker.pipeline;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.screenshots.model.job.ErrorCode;
import dev.screenshots.worker.CaptureFailure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RetryPolicyTest {

	private final RetryPolicy policy = new RetryPolicy(
			new RetryProperties(3, List.of(Duration.ofSeconds(2), Duration.ofSeconds(10))));

	@Test
	void retryableFailuresWaitTheConfiguredDelaysUntilTheLastAttempt() {
		assertThat(this.policy.delayAfter(ErrorCode.NAVIGATION_TIMEOUT, 1)).contains(Duration.ofSeconds(2));
		assertThat(this.policy.delayAfter(ErrorCode.STORAGE_FAILED, 2)).contains(Duration.ofSeconds(10));
		assertThat(this.policy.delayAfter(ErrorCode.BROWSER_CRASHED, 3)).isEmpty();
	}

	@Test
	void theLastDelayRepeatsWhenThereAreMoreAttemptsThanDelays() {
		RetryPolicy many = new RetryPolicy(new RetryProperties(5, List.of(Duration.ofSeconds(1))));
		assertThat(many.delayAfter(ErrorCode.NAVIGATION_FAILED, 4)).contains(Duration.ofSeconds(1));
	}

	@Test
	void nonRetryableFailuresAreNeverRetried() {
		for (ErrorCode code : List.of(ErrorCode.INVALID_REQUEST, ErrorCode.URL_NOT_ALLOWED)) {
			assertThat(this.policy.delayAfter(code, 1)).as(code.name()).isEmpty();
		}
	}

	@Test
	void anHttpErrorIsRetriedForAServerErrorAndNotForAClientError() {
		assertThat(this.policy.delayAfter(CaptureFailure.httpError(503), 1)).contains(Duration.ofSeconds(2));
		assertThat(this.policy.delayAfter(CaptureFailure.httpError(500), 2)).contains(Duration.ofSeconds(10));
		assertThat(this.policy.delayAfter(CaptureFailure.httpError(404), 1)).isEmpty();
		assertThat(this.policy.delayAfter(CaptureFailure.httpError(429), 1)).isEmpty();
		assertThat(CaptureFailure.httpError(404).code()).isEqualTo(ErrorCode.HTTP_ERROR);
		assertThat(CaptureFailure.httpError(404)).hasMessage("The page answered HTTP 404");
	}

	@Test
	void oneAttemptDisablesRetries() {
		RetryPolicy none = new RetryPolicy(new RetryProperties(1, List.of(Duration.ofSeconds(1))));
		assertThat(none.delayAfter(ErrorCode.NAVIGATION_TIMEOUT, 1)).isEmpty();
	}

	@Test
	void delaysMustFitARabbitMqQueueTtl() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RetryProperties(3, List.of(Duration.ZERO)))
			.withMessageContaining("capture.retry.delays");
	}

}
