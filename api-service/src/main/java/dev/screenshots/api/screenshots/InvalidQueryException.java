package dev.screenshots.api.screenshots;

/**
 * A query parameter the API cannot use; answered as a validation error naming it.
 */
public class InvalidQueryException extends RuntimeException {

	private final String parameter;

	InvalidQueryException(String parameter, String message) {
		super(message);
		this.parameter = parameter;
	}

	public String parameter() {
		return this.parameter;
	}

}
