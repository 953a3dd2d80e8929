package dev.screenshots.api.admin;

import java.util.UUID;

import org.springframework.http.HttpStatus;

import dev.screenshots.api.system.ApiProblemException;

/**
 * No open dead letter for the job.
 */
public class DeadLetterNotFoundException extends ApiProblemException {

	public DeadLetterNotFoundException(UUID jobId) {
		super(HttpStatus.NOT_FOUND, "DEAD_LETTER_NOT_FOUND", "Dead letter not found",
				"Job " + jobId + " is not in the dead-letter queue");
	}

}
