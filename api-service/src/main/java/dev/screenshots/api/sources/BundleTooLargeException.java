package dev.screenshots.api.sources;

/**
 * An input over a configured limit, which the message names.
 */
public class BundleTooLargeException extends RuntimeException {

	private final String limit;

	public BundleTooLargeException(String message, String limit) {
		super(message + " (" + limit + ")");
		this.limit = limit;
	}

	/**
	 * The property of the limit.
	 * @return e.g. {@code api.limits.max-bundle-size}
	 */
	public String limit() {
		return this.limit;
	}

}
