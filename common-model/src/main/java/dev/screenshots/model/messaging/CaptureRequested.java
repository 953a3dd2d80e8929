package dev.screenshots.model.messaging;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The work message: job {@code jobId} was accepted and needs a capture. It carries only
 * the id; the worker claims the job row, which holds the request, so a message can never
 * disagree with the database.
 *
 * @param jobId the job to run
 * @param requestedAt when the API accepted the job
 */
public record CaptureRequested(UUID jobId, Instant requestedAt) {

	public CaptureRequested {
		Objects.requireNonNull(jobId, "jobId");
		Objects.requireNonNull(requestedAt, "requestedAt");
	}

}
