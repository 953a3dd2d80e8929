package dev.screenshots.api.screenshots;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.screenshots.model.job.JobStatus;

/**
 * One entry of a job's step history: a status the job entered, when, and for how long it
 * stayed.
 */
@Entity
@Table(name = "job_steps")
class JobStep {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private UUID jobId;

	@Convert(converter = JobStatusConverter.class)
	private JobStatus status;

	private int attempt;

	private Instant enteredAt;

	private Integer durationMs;

	protected JobStep() {
	}

	static JobStep entered(UUID jobId, JobStatus status, int attempt, Instant at) {
		JobStep step = new JobStep();
		step.jobId = jobId;
		step.status = status;
		step.attempt = attempt;
		step.enteredAt = at;
		return step;
	}

	JobStatus status() {
		return this.status;
	}

	int attempt() {
		return this.attempt;
	}

	Instant enteredAt() {
		return this.enteredAt;
	}

	Integer durationMs() {
		return this.durationMs;
	}

}
