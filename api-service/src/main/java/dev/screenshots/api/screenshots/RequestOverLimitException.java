package dev.screenshots.api.screenshots;

/**
 * A request within every option's own bounds that exceeds a configured limit, which the
 * message names.
 *
 * @see dev.screenshots.api.system.ApiLimitsProperties
 */
public class RequestOverLimitException extends RuntimeException {

	private final String field;

	public RequestOverLimitException(String field, String message) {
		super(message);
		this.field = field;
	}

	public String field() {
		return this.field;
	}

}
