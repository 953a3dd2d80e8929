package dev.screenshots.api.jobs;

import org.springframework.http.HttpStatus;

import dev.screenshots.api.system.ApiProblemException;

/**
 * No job with the requested id exists (for this client).
 */
public class JobNotFoundException extends ApiProblemException {

	public JobNotFoundException(String id) {
		super(HttpStatus.NOT_FOUND, "JOB_NOT_FOUND", "Screenshot job not found", "No screenshot job with id " + id);
	}

}
