package dev.screenshots.api.limits;

/**
 * A key has as many unfinished jobs as it may have.
 */
public class TooManyJobsInFlightException extends RuntimeException {

	private final int limit;

	public TooManyJobsInFlightException(int limit) {
		super("This API key already has " + limit + " unfinished jobs, its limit; submit again when some finish");
		this.limit = limit;
	}

	public int limit() {
		return this.limit;
	}

}
