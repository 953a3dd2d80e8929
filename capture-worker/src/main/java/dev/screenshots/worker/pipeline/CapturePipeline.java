package dev.screenshots.worker.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
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
 *                   └───── a failure: retryable and attempts left → pending (after a backoff)
 *                                     otherwise                    → failed + dead-letter queue
 * </pre>
 *
 * The steps' order is checked against {@link JobTransitions} at start-up.
 */
@Component
public class CapturePipeline {

	private static final Logger log = LoggerFactory.getLogger(CapturePipeline.class);

	private final List<PipelineStep> steps;

	private final JobStateStore store;

	private final RetryPolicy retries;

	private final InFlightJobs inFlight;

	private final PipelineMetrics metrics;

	CapturePipeline(List<PipelineStep> steps, JobStateStore store, RetryPolicy retries, InFlightJobs inFlight,
			PipelineMetrics metrics) {
		this.steps = List.copyOf(steps);
		this.store = store;
		this.retries = retries;
		this.inFlight = inFlight;
		this.metrics = metrics;
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
	 * Runs a job until it completes, fails, or waits for a retry. Called on a browser
	 * slot's thread.
	 * @param job the claimed job, in {@code processing}
	 * @param sandboxes the slot's sandboxes
	 * @return the status written: {@code completed}, {@code failed}, or {@code pending}
	 * (retry scheduled)
	 * @throws JobLostException if another party changed the job meanwhile (cancelled,
	 * handed to another worker); nothing more is written
	 * @throws DataAccessException if the outcome could not be recorded; the lease runs
	 * out and the job is taken over
	 */
	public JobStatus run(ClaimedJob job, Sandboxes sandboxes) {
		JobStatus current = JobStatus.PROCESSING;
		try (JobContext context = new JobContext(job, sandboxes)) {
			for (PipelineStep step : this.steps) {
				this.store.advance(job, current, step.status());
				current = step.status();
				this.inFlight.moved(job, current);
				long started = System.nanoTime();
				try {
					step.run(context);
				}
				finally {
					this.metrics.stepFinished(current, Duration.ofNanos(System.nanoTime() - started));
				}
			}
			this.store.complete(job, current, context.stored(), context.pageLoad(), context.facts());
			this.metrics.completed(job, Instant.now());
			log.info("Job {} completed on attempt {}: {} ({} bytes)", job.id(), job.attempt(), context.stored().key(),
					context.stored().bytes());
			return JobStatus.COMPLETED;
		}
		catch (CaptureFailure failure) {
			return failed(job, current, failure);
		}
		catch (JobLostException | DataAccessException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			log.error("Job {} hit an unexpected error in {}", job.id(), current.value(), ex);
			return failed(job, current,
					new CaptureFailure(ErrorCode.INTERNAL_ERROR, "Unexpected error in the worker", ex));
		}
	}

	private JobStatus failed(ClaimedJob job, JobStatus current, CaptureFailure failure) {
		Optional<Duration> delay = this.retries.delayAfter(failure.code(), job.attempt());
		if (delay.isPresent()) {
			log.warn("Job {} attempt {} failed in {} with {} ({}); retrying in {} ms", job.id(), job.attempt(),
					current.value(), failure.code(), failure.getMessage(), delay.get().toMillis());
			this.store.scheduleRetry(job, current, failure, delay.get());
			this.metrics.attemptFailed(job, failure.code(), true);
			return JobStatus.PENDING;
		}
		log.warn("Job {} failed in {} with {} after {} attempt(s): {}", job.id(), current.value(), failure.code(),
				job.attempt(), failure.getMessage());
		this.store.deadLetter(job.id(), job.workerId(), current, failure);
		this.metrics.attemptFailed(job, failure.code(), false);
		return JobStatus.FAILED;
	}

}
