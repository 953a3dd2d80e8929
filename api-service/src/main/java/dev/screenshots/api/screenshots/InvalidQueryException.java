package dev.screenshots.api.screenshots;

import dev.screenshots.api.system.InvalidFieldException;

/**
 * A query parameter the API cannot use; answered as a validation error naming it.
 */
public class InvalidQueryException extends InvalidFieldException {

	InvalidQueryException(String parameter, String message) {
		super(parameter, message);
	}

	public String parameter() {
		return field();
	}

}
