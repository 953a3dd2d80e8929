package dev.screenshots.api.screenshots;

import org.springframework.http.HttpStatus;

import dev.screenshots.api.system.ApiProblemException;

/**
 * An {@code Idempotency-Key} was sent again with a different request.
 */
public class IdempotencyKeyReusedException extends ApiProblemException {

	public IdempotencyKeyReusedException() {
		super(HttpStatus.UNPROCESSABLE_CONTENT, "IDEMPOTENCY_KEY_REUSED", "Idempotency-Key reused",
				"This Idempotency-Key was already used with a different request");
	}

}
