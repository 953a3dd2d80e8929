package dev.screenshots.api.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import dev.screenshots.model.job.JobStatus;

/**
 * One transition of a job, as a client watching it sees it: a row of the step history.
 *
 * @param id the event id, increasing per job (the step row's id); what
 * {@code Last-Event-ID} resumes after
 * @param jobId the job
 * @param status the status the job entered
 * @param attempt the attempt it belongs to (0 while pending before the first attempt)
 * @param enteredAt when the job entered it
 * @param previousStatus the status it left, or absent for the first event
 * @param previousDurationMs how long it spent in {@code previousStatus}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobEvent(long id, UUID jobId, JobStatus status, int attempt, Instant enteredAt, JobStatus previousStatus,
		Long previousDurationMs) {

	@JsonIgnore
	public boolean isTerminal() {
		return this.status.isTerminal();
	}

}
