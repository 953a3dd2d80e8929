package dev.screenshots.api.screenshots;

import org.springframework.http.HttpStatus;

import dev.screenshots.api.system.ApiProblemException;

/**
 * The URL points somewhere the URL policy does not allow (a non-public address, a denied
 * host, or the service's own infrastructure).
 */
public class UrlNotAllowedException extends ApiProblemException {

	public UrlNotAllowedException(String reason) {
		super(HttpStatus.BAD_REQUEST, "URL_NOT_ALLOWED", "URL not allowed", "The URL is not allowed: " + reason);
	}

	/**
	 * @param what which URL, e.g. {@code webhook}
	 * @param reason why
	 */
	public UrlNotAllowedException(String what, String reason) {
		super(HttpStatus.BAD_REQUEST, "URL_NOT_ALLOWED", "URL not allowed",
				"The " + what + " URL is not allowed: " + reason);
	}

}
