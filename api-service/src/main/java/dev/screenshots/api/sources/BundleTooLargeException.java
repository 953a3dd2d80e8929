package dev.screenshots.api.sources;

import java.util.Map;

import org.springframework.http.HttpStatus;

import dev.screenshots.api.system.ApiProblemException;

/**
 * An input over a configured limit, which the message names.
 */
public class BundleTooLargeException extends ApiProblemException {

	private final String limit;

	public BundleTooLargeException(String message, String limit) {
		super(HttpStatus.CONTENT_TOO_LARGE, "BUNDLE_TOO_LARGE", "Input too large", message + " (" + limit + ")");
		this.limit = limit;
	}

	/**
	 * The property of the limit.
	 * @return e.g. {@code api.limits.max-bundle-size}
	 */
	public String limit() {
		return this.limit;
	}

	@Override
	public Map<String, Object> properties() {
		return Map.of("limit", this.limit);
	}

}
