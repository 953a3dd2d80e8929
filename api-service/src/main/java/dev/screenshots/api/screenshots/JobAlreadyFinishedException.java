package dev.screenshots.api.screenshots;

import dev.screenshots.model.job.JobStatus;

/**
 * A job that already reached an outcome cannot be cancelled.
 */
public class JobAlreadyFinishedException extends RuntimeException {

	private final JobStatus status;

	public JobAlreadyFinishedException(JobStatus status) {
		super("The job is already " + status.value() + " and cannot be cancelled");
		this.status = status;
	}

	public JobStatus status() {
		return this.status;
	}

}
