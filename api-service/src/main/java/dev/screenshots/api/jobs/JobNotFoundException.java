package dev.screenshots.api.jobs;

import java.util.UUID;

import org.springframework.http.HttpStatus;

import dev.screenshots.api.system.ApiProblemException;

/**
 * No job with the requested id exists (for this client).
 */
public class JobNotFoundException extends ApiProblemException {

	public JobNotFoundException(String id) {
		super(HttpStatus.NOT_FOUND, "JOB_NOT_FOUND", "Screenshot job not found", "No screenshot job with id " + id);
	}

	/**
	 * Reads a job id from a request path: an id that is no UUID names no job.
	 * @param id the path's id
	 * @return the id
	 * @throws JobNotFoundException if it is no UUID
	 */
	public static UUID parse(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new JobNotFoundException(id);
		}
	}

}
