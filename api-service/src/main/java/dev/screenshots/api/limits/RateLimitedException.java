package dev.screenshots.api.limits;

/**
 * A key submitted faster than its limit.
 */
public class RateLimitedException extends RuntimeException {

	private final RateLimitStatus status;

	private final long retryAfterSeconds;

	public RateLimitedException(RateLimitStatus status, long retryAfterSeconds) {
		super("Too many submits: the limit is " + status.limit() + " at once; retry in " + retryAfterSeconds + " s");
		this.status = status;
		this.retryAfterSeconds = retryAfterSeconds;
	}

	public RateLimitStatus status() {
		return this.status;
	}

	public long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

}
