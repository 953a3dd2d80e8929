package dev.screenshots.api.screenshots;

import dev.screenshots.api.system.InvalidFieldException;

/**
 * A request within every option's own bounds that exceeds a configured limit, which the
 * message names; answered as a validation error naming the field.
 *
 * @see dev.screenshots.api.system.ApiLimitsProperties
 */
public class RequestOverLimitException extends InvalidFieldException {

	public RequestOverLimitException(String field, String message) {
		super(field, message);
	}

}
