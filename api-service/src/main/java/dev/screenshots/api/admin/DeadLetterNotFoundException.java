package dev.screenshots.api.admin;

import java.util.UUID;

/**
 * No open dead letter for the job.
 */
public class DeadLetterNotFoundException extends RuntimeException {

	public DeadLetterNotFoundException(UUID jobId) {
		super("Job " + jobId + " is not in the dead-letter queue");
	}

}
