package dev.screenshots.api.screenshots;

import dev.screenshots.model.job.JobStatus;

/**
 * The image of a job was requested before the job completed.
 */
public class JobNotCompletedException extends RuntimeException {

	private final JobStatus status;

	public JobNotCompletedException(JobStatus status) {
		super((status == JobStatus.FAILED) ? "The job failed; it has no image"
				: "The job is " + status.value() + "; the image is available once it is completed");
		this.status = status;
	}

	public JobStatus status() {
		return this.status;
	}

}
