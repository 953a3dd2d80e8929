package dev.screenshots.api.sources;

import org.springframework.http.HttpStatus;

import dev.screenshots.api.system.ApiProblemException;

/**
 * A bundle that cannot be served safely or at all: a path that leaves the bundle, a
 * symlink, a missing entry page, or an unreadable zip.
 */
public class InvalidBundleException extends ApiProblemException {

	public InvalidBundleException(String message) {
		super(HttpStatus.BAD_REQUEST, "INVALID_BUNDLE", "Invalid bundle", message);
	}

}
