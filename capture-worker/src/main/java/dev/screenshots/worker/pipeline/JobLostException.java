package dev.screenshots.worker.pipeline;

import java.util.UUID;

import dev.screenshots.model.job.JobStatus;

/**
 * The job row is no longer in the status this worker left it in, or no longer held by
 * this worker: someone else changed it. The worker stops working on it and writes nothing
 * more.
 */
public class JobLostException extends RuntimeException {

	public JobLostException(UUID jobId, JobStatus expected) {
		super("Job " + jobId + " is no longer " + expected.value() + " under this worker");
	}

}
