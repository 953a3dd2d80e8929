package dev.screenshots.api.screenshots;

/**
 * An {@code Idempotency-Key} was sent again with a different request.
 */
public class IdempotencyKeyReusedException extends RuntimeException {

	public IdempotencyKeyReusedException() {
		super("This Idempotency-Key was already used with a different request");
	}

}
