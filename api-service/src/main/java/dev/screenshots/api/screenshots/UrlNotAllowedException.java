package dev.screenshots.api.screenshots;

/**
 * The URL points somewhere the URL policy does not allow (a non-public address, a denied
 * host, or the service's own infrastructure).
 */
public class UrlNotAllowedException extends RuntimeException {

	public UrlNotAllowedException(String reason) {
		super("The URL is not allowed: " + reason);
	}

	/**
	 * @param what which URL, e.g. {@code webhook}
	 * @param reason why
	 */
	public UrlNotAllowedException(String what, String reason) {
		super("The " + what + " URL is not allowed: " + reason);
	}

}
