package dev.screenshots.api.screenshots;

/**
 * An {@code Idempotency-Key} header that is empty, too long or not printable ASCII.
 */
public class InvalidIdempotencyKeyException extends RuntimeException {

	public InvalidIdempotencyKeyException() {
		super("Idempotency-Key must be 1 to 255 printable ASCII characters");
	}

}
