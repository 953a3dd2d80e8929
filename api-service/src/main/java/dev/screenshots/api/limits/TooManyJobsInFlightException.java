package dev.screenshots.api.limits;

import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import dev.screenshots.api.system.ApiProblemException;

/**
 * A key has as many unfinished jobs as it may have: {@code 429} with the limit as
 * {@code maxInFlight} and {@code Retry-After}.
 */
public class TooManyJobsInFlightException extends ApiProblemException {

	private final int limit;

	public TooManyJobsInFlightException(int limit) {
		super(HttpStatus.TOO_MANY_REQUESTS, "TOO_MANY_JOBS_IN_FLIGHT", "Too many unfinished jobs",
				"This API key already has " + limit + " unfinished jobs, its limit; submit again when some finish");
		this.limit = limit;
	}

	public int limit() {
		return this.limit;
	}

	@Override
	public Map<String, Object> properties() {
		return Map.of("maxInFlight", this.limit);
	}

	@Override
	public HttpHeaders headers() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, "5");
		return headers;
	}

}
