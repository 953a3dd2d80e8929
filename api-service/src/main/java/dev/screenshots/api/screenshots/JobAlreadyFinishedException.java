package dev.screenshots.api.screenshots;

import java.util.Map;

import org.springframework.http.HttpStatus;

import dev.screenshots.api.system.ApiProblemException;
import dev.screenshots.model.job.JobStatus;

/**
 * A job that already reached an outcome cannot be cancelled.
 */
public class JobAlreadyFinishedException extends ApiProblemException {

	private final JobStatus jobStatus;

	public JobAlreadyFinishedException(JobStatus status) {
		super(HttpStatus.CONFLICT, "JOB_ALREADY_FINISHED", "Screenshot job already finished",
				"The job is already " + status.value() + " and cannot be cancelled");
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
