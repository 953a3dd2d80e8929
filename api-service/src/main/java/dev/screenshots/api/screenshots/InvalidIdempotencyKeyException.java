package dev.screenshots.api.screenshots;

import org.springframework.http.HttpStatus;

import dev.screenshots.api.system.ApiProblemException;

/**
 * An {@code Idempotency-Key} header that is empty, too long or not printable ASCII.
 */
public class InvalidIdempotencyKeyException extends ApiProblemException {

	public InvalidIdempotencyKeyException() {
		super(HttpStatus.BAD_REQUEST, "INVALID_IDEMPOTENCY_KEY", "Invalid Idempotency-Key",
				"Idempotency-Key must be 1 to 255 printable ASCII characters");
	}

}
