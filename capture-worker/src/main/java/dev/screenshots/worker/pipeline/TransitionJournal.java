package dev.screenshots.worker.pipeline;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import dev.screenshots.model.job.JobStatus;

/**
 * Writes one job's transitions in order without making the browser wait for them: each
 * {@link #record} queues the guarded write behind the previous one and returns at once.
 * The transition keeps the time it happened, not the time it was written, so the step
 * history is exact.
 *
 * <p>
 * A write that fails (the job was cancelled or taken over, or the database is down) stops
 * the writes after it; the pipeline learns of it at the next {@link #check()}, before its
 * next step, and at the latest in {@link #await()}, before anything is uploaded or
 * finished. {@link InFlightJobs} follows the written status, so a shutdown hands a job
 * back from the status the database holds.
 */
final class TransitionJournal {

	private final ClaimedJob job;

	private final JobStateStore store;

	private final InFlightJobs inFlight;

	private final Executor executor;

	private CompletableFuture<Void> written = CompletableFuture.completedFuture(null);

	TransitionJournal(ClaimedJob job, JobStateStore store, InFlightJobs inFlight, Executor executor) {
		this.job = job;
		this.store = store;
		this.inFlight = inFlight;
		this.executor = executor;
	}

	/**
	 * Queues the write of {@code from → to}, as of now.
	 * @param from the status the job is in
	 * @param to the next status
	 */
	void record(JobStatus from, JobStatus to) {
		Instant at = Instant.now();
		this.written = this.written.thenRunAsync(() -> {
			this.store.advance(this.job, from, to, at);
			this.inFlight.moved(this.job, to);
		}, this.executor);
	}

	/**
	 * Throws the failure of a write made so far, if there was one; does not wait for
	 * writes still under way.
	 * @throws JobLostException if the job changed under this worker
	 * @throws org.springframework.dao.DataAccessException if a write failed
	 */
	void check() {
		if (this.written.isCompletedExceptionally()) {
			await();
		}
	}

	/**
	 * Waits until every recorded transition is written.
	 * @throws JobLostException if the job changed under this worker
	 * @throws org.springframework.dao.DataAccessException if a write failed
	 */
	void await() {
		try {
			this.written.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

}
