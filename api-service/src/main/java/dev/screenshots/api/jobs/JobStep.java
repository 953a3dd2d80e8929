package dev.screenshots.api.jobs;

import java.time.Instant;

import dev.screenshots.model.job.JobStatus;

/**
 * One entry of a job's step history: a status the job entered, when, and for how long it
 * stayed.
 *
 * @param id the step row's id, increasing per job
 * @param status the status entered
 * @param attempt the attempt it belongs to (0 before the first claim)
 * @param enteredAt when
 * @param durationMs how long the job stayed, or {@code null} while it still is in it
 */
public record JobStep(long id, JobStatus status, int attempt, Instant enteredAt, Long durationMs) {
}
