package dev.screenshots.worker.pipeline;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import dev.screenshots.model.job.ErrorCode;
import dev.screenshots.model.job.JobStatus;
import dev.screenshots.model.job.JobTransitions;
import dev.screenshots.worker.CaptureFailure;
import dev.screenshots.worker.browser.Sandboxes;

/**
 * Runs a claimed job through its steps, recording each transition before the step starts:
 *
 * <pre>
 * processing → validating → creating_sandbox → syncing_files → capturing → storing → completed
 *                   └──────────────┴─────────────────┴──────────────┴──────────┴──→ failed
 * </pre>
 *
 * The steps' order is checked against {@link JobTransitions} at start-up.
 */
@Component
public class CapturePipeline {

	private static final Logger log = LoggerFactory.getLogger(CapturePipeline.class);

	private final List<PipelineStep> steps;

	private final JobStateStore store;

	CapturePipeline(List<PipelineStep> steps, JobStateStore store) {
		this.steps = List.copyOf(steps);
		this.store = store;
		JobStatus status = JobStatus.PROCESSING;
		for (PipelineStep step : this.steps) {
			if (JobTransitions.next(status) != step.status()) {
				throw new IllegalStateException("Pipeline step " + step.getClass().getSimpleName() + " enters "
						+ step.status().value() + " but the state machine goes from " + status.value() + " to "
						+ JobTransitions.next(status).value());
			}
			status = step.status();
		}
		if (JobTransitions.next(status) != JobStatus.COMPLETED) {
			throw new IllegalStateException("The pipeline ends in " + status.value() + ", not before completed");
		}
	}

	/**
	 * Runs a job to a terminal status. Called on a browser slot's thread.
	 * @param job the claimed job, in {@code processing}
	 * @param sandboxes the slot's sandboxes
	 * @return the terminal status written
	 * @throws JobLostException if another party changed the job meanwhile (nothing more
	 * is written)
	 */
	public JobStatus run(ClaimedJob job, Sandboxes sandboxes) {
		JobStatus current = JobStatus.PROCESSING;
		try (JobContext context = new JobContext(job, sandboxes)) {
			for (PipelineStep step : this.steps) {
				this.store.advance(job, current, step.status());
				current = step.status();
				step.run(context);
			}
			this.store.complete(job, current, context.stored());
			log.info("Job {} completed: {} ({} bytes)", job.id(), context.stored().key(), context.stored().bytes());
			return JobStatus.COMPLETED;
		}
		catch (CaptureFailure failure) {
			return fail(job, current, failure);
		}
		catch (JobLostException lost) {
			throw lost;
		}
		catch (RuntimeException ex) {
			return fail(job, current,
					new CaptureFailure(ErrorCode.INTERNAL_ERROR, "Unexpected error in the worker", ex));
		}
	}

	private JobStatus fail(ClaimedJob job, JobStatus current, CaptureFailure failure) {
		if (failure.code() == ErrorCode.INTERNAL_ERROR) {
			log.error("Job {} failed in {} with an unexpected error", job.id(), current.value(), failure.getCause());
		}
		else {
			log.warn("Job {} failed in {} with {}: {}", job.id(), current.value(), failure.code(),
					failure.getMessage());
		}
		this.store.fail(job, current, failure);
		return JobStatus.FAILED;
	}

}
