package dev.screenshots.api.screenshots;

import java.util.Map;

import org.springframework.http.HttpStatus;

import dev.screenshots.api.system.ApiProblemException;
import dev.screenshots.model.job.JobStatus;

/**
 * The image of a job was requested before the job completed.
 */
public class JobNotCompletedException extends ApiProblemException {

	private final JobStatus jobStatus;

	public JobNotCompletedException(JobStatus status) {
		super(HttpStatus.CONFLICT, "JOB_NOT_COMPLETED", "Screenshot job not completed",
				(status == JobStatus.FAILED) ? "The job failed; it has no image"
						: "The job is " + status.value() + "; the image is available once it is completed");
		this.jobStatus = status;
	}

	public JobStatus jobStatus() {
		return this.jobStatus;
	}

	@Override
	public Map<String, Object> properties() {
		return Map.of("jobStatus", this.jobStatus.value());
	}

}
