package dev.screenshots.api.sources;

/**
 * A bundle that cannot be served safely or at all: a path that leaves the bundle, a
 * symlink, a missing entry page, or an unreadable zip.
 */
public class InvalidBundleException extends RuntimeException {

	public InvalidBundleException(String message) {
		super(message);
	}

}
