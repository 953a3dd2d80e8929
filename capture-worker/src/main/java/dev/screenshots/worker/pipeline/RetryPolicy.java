package dev.screenshots.worker.pipeline;

import java.time.Duration;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.screenshots.model.job.ErrorCode;
import dev.screenshots.worker.CaptureFailure;

/**
 * Decides whether a failed attempt is retried, and after how long: only errors whose
 * {@link ErrorCode#retryable()} says another attempt could succeed, and only while
 * attempts remain.
 */
@Component
public class RetryPolicy {

	private final RetryProperties properties;

	public RetryPolicy(RetryProperties properties) {
		this.properties = properties;
	}

	/**
	 * The wait before the next attempt.
	 * @param code why the attempt failed
	 * @param attempt the attempt that failed, starting at 1
	 * @return the delay, or empty when the job must fail now
	 */
	public Optional<Duration> delayAfter(ErrorCode code, int attempt) {
		return delayAfter(code.retryable(), attempt);
	}

	/**
	 * The wait before the next attempt after a failure.
	 * @param failure why the attempt failed
	 * @param attempt the attempt that failed, starting at 1
	 * @return the delay, or empty when the job must fail now
	 */
	public Optional<Duration> delayAfter(CaptureFailure failure, int attempt) {
		return delayAfter(failure.retryable(), attempt);
	}

	private Optional<Duration> delayAfter(boolean retryable, int attempt) {
		if (!retryable || attempt >= this.properties.maxAttempts()) {
			return Optional.empty();
		}
		int index = Math.min(Math.max(attempt, 1) - 1, this.properties.delays().size() - 1);
		return Optional.of(this.properties.delays().get(index));
	}

	public int maxAttempts() {
		return this.properties.maxAttempts();
	}

}
