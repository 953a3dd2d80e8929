package dev.screenshots.api.limits;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import dev.screenshots.api.system.ApiProblemException;

/**
 * A key submitted faster than its limit: {@code 429} with the {@code RateLimit-*} headers
 * and {@code Retry-After}.
 */
public class RateLimitedException extends ApiProblemException {

	private final RateLimitStatus status;

	private final long retryAfterSeconds;

	public RateLimitedException(RateLimitStatus status, long retryAfterSeconds) {
		super(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED", "Too many requests",
				"Too many submits: the limit is " + status.limit() + " at once; retry in " + retryAfterSeconds + " s");
		this.status = status;
		this.retryAfterSeconds = retryAfterSeconds;
	}

	public RateLimitStatus rateLimit() {
		return this.status;
	}

	public long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

	@Override
	public HttpHeaders headers() {
		HttpHeaders headers = RateLimitHeaders.of(this.status);
		headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(this.retryAfterSeconds));
		return headers;
	}

}
