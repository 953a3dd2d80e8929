package dev.screenshots.worker.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
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
 * A job runs in two parts so that the browser only ever waits for the browser:
 * {@link #runInBrowser} runs the steps up to the capture on a browser slot's thread, with
 * the transitions written behind it by a {@link TransitionJournal}; {@link #finish} then
 * runs the rest (the upload) and records the outcome on another thread while the slot
 * takes its next job.
 *
 * <p>
 * The steps' order is checked against {@link JobTransitions} at start-up, and every step
 * that needs the browser must come before those that do not.
 */
@Component
public class CapturePipeline {

	private static final Logger log = LoggerFactory.getLogger(CapturePipeline.class);

	private final List<PipelineStep> browserSteps;

	private final List<PipelineStep> afterSteps;

	private final JobStateStore store;

	private final RetryPolicy retries;

	private final InFlightJobs inFlight;

	private final PipelineMetrics metrics;

	private final Executor writes;

	@Autowired
	CapturePipeline(List<PipelineStep> steps, JobStateStore store, RetryPolicy retries, InFlightJobs inFlight,
			PipelineMetrics metrics, OffBrowserExecutor offBrowser) {
		this(steps, store, retries, inFlight, metrics, offBrowser.executor());
	}

	CapturePipeline(List<PipelineStep> steps, JobStateStore store, RetryPolicy retries, InFlightJobs inFlight,
			PipelineMetrics metrics, Executor writes) {
		this.store = store;
		this.retries = retries;
		this.inFlight = inFlight;
		this.metrics = metrics;
		this.writes = writes;
		JobStatus status = JobStatus.PROCESSING;
		for (PipelineStep step : steps) {
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
		int split = (int) steps.stream().takeWhile(PipelineStep::needsBrowser).count();
		this.browserSteps = List.copyOf(steps.subList(0, split));
		this.afterSteps = List.copyOf(steps.subList(split, steps.size()));
		if (this.afterSteps.stream().anyMatch(PipelineStep::needsBrowser)) {
			throw new IllegalStateException("A step that needs the browser comes after one that does not: "
					+ this.afterSteps.stream().map((step) -> step.status().value()).toList());
		}
	}

	/**
	 * Runs the steps that need the browser. Called on a browser slot's thread; writes
	 * nothing itself but the transitions it queues.
	 * @param job the claimed job, in {@code processing}
	 * @param sandboxes the slot's sandboxes
	 * @return where the job got to, for {@link #finish}
	 * @throws JobLostException if another party changed the job meanwhile (cancelled,
	 * handed to another worker); nothing more is written
	 * @throws DataAccessException if a transition could not be written; the lease runs
	 * out and the job is taken over
	 */
	public Progress runInBrowser(ClaimedJob job, Sandboxes sandboxes) {
		Progress progress = new Progress(new JobContext(job, sandboxes),
				new TransitionJournal(job, this.store, this.inFlight, this.writes));
		runSteps(progress, this.browserSteps);
		// the slot closes the sandbox once this returned, while the rest goes on
		return progress;
	}

	/**
	 * Runs the remaining steps and records the outcome, once every transition before is
	 * written. Called off the browser slot.
	 * @param progress what {@link #runInBrowser} returned
	 * @return the status written: {@code completed}, {@code failed}, or {@code pending}
	 * (retry scheduled)
	 * @throws JobLostException if another party changed the job meanwhile; nothing more
	 * is written
	 * @throws DataAccessException if the outcome could not be recorded; the lease runs
	 * out and the job is taken over
	 */
	public JobStatus finish(Progress progress) {
		ClaimedJob job = progress.context.job();
		if (progress.failure == null) {
			runSteps(progress, this.afterSteps);
		}
		progress.journal.await();
		if (progress.failure != null) {
			return failed(job, progress.current, progress.failure);
		}
		JobContext context = progress.context;
		this.store.complete(job, progress.current, context.stored(), context.pageLoad(), context.facts(),
				context.warnings(), context.storedArtifacts(), context.comparison());
		this.metrics.completed(job, Instant.now());
		log.info("Job {} completed on attempt {}: {} ({} bytes)", job.id(), job.attempt(), context.stored().key(),
				context.stored().bytes());
		return JobStatus.COMPLETED;
	}

	/**
	 * Both parts on the calling thread.
	 * @param job the claimed job, in {@code processing}
	 * @param sandboxes the sandboxes of the slot the caller runs on
	 * @return the status written
	 */
	public JobStatus run(ClaimedJob job, Sandboxes sandboxes) {
		return finish(runInBrowser(job, sandboxes));
	}

	/**
	 * Runs steps until one fails; a failure is kept in {@code progress}, except that a
	 * lost job or an unwritable transition propagates.
	 */
	private void runSteps(Progress progress, List<PipelineStep> steps) {
		try {
			runEach(progress, steps);
		}
		catch (CaptureFailure failure) {
			progress.failure = failure;
		}
		catch (JobLostException | DataAccessException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			log.error("Job {} hit an unexpected error in {}", progress.context.job().id(), progress.current.value(),
					ex);
			progress.failure = new CaptureFailure(ErrorCode.INTERNAL_ERROR, "Unexpected error in the worker", ex);
		}
	}

	private void runEach(Progress progress, List<PipelineStep> steps) {
		for (PipelineStep step : steps) {
			progress.journal.check();
			if (!step.needsBrowser()) {
				// nothing leaves the worker for a job whose transitions did not hold
				progress.journal.await();
			}
			progress.journal.record(progress.current, step.status());
			progress.current = step.status();
			long started = System.nanoTime();
			try {
				step.run(progress.context);
			}
			finally {
				this.metrics.stepFinished(progress.current, Duration.ofNanos(System.nanoTime() - started));
			}
		}
	}

	private JobStatus failed(ClaimedJob job, JobStatus current, CaptureFailure failure) {
		Optional<Duration> delay = this.retries.delayAfter(failure, job.attempt());
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

	/**
	 * A job between its two parts: its context, the status it is in, its journal, and the
	 * failure that stopped it, if any.
	 */
	public static final class Progress {

		private final JobContext context;

		private final TransitionJournal journal;

		private JobStatus current = JobStatus.PROCESSING;

		private CaptureFailure failure;

		private Progress(JobContext context, TransitionJournal journal) {
			this.context = context;
			this.journal = journal;
		}

	}

}
