package dev.screenshots.worker.pipeline;

import java.util.UUID;

import dev.screenshots.model.capture.SourceType;
import dev.screenshots.model.job.JobStatus;

/**
 * A running job whose worker stopped renewing its lease, as the reaper finds it.
 *
 * @param id the job
 * @param status the status its worker last wrote
 * @param workerId the worker that held it
 * @param attempts attempts started
 * @param sourceType what it captures
 * @param priority its priority
 */
public record ExpiredLease(UUID id, JobStatus status, String workerId, int attempts, SourceType sourceType,
		String priority) {
}
