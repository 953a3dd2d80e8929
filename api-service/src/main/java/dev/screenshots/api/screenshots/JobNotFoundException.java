package dev.screenshots.api.screenshots;

/**
 * No job with the requested id exists (for this client).
 */
public class JobNotFoundException extends RuntimeException {

	public JobNotFoundException(String id) {
		super("No screenshot job with id " + id);
	}

}
