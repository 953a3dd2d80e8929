package dev.screenshots.worker.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import dev.screenshots.model.job.JobStatus;

/**
 * Writes one job's transitions in order without making the browser wait for them: each
 * {@link #record} queues the guarded write behind the previous one and returns at once.
 * The transition keeps the time it happened, not the time it was written, so the step
 * history is exact. Transitions recorded while a write is under way (the quick
 * {@code validating}, {@code creating_sandbox} and {@code syncing_files} usually are) are
 * written together in the next write, in one transaction: one commit for all of them.
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

	/** Recorded and not yet taken by a write; guarded by {@code this}. */
	private final List<Transition> queued = new ArrayList<>();

	/**
	 * Whether a write is chained that has not yet taken the queue; guarded by
	 * {@code this}.
	 */
	private boolean writeChained;

	/**
	 * A recorded transition.
	 *
	 * @param from the status the job was in
	 * @param to the next status
	 * @param at when it moved
	 */
	record Transition(JobStatus from, JobStatus to, Instant at) {
	}

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
		synchronized (this) {
			this.queued.add(new Transition(from, to, at));
			if (!this.writeChained) {
				this.writeChained = true;
				this.written = this.written.thenRunAsync(this::writeQueued, this.executor);
			}
		}
	}

	private void writeQueued() {
		List<Transition> batch;
		synchronized (this) {
			batch = List.copyOf(this.queued);
			this.queued.clear();
			this.writeChained = false;
		}
		if (batch.size() == 1) {
			write(batch.getFirst());
		}
		else {
			this.store.together(() -> batch.forEach(this::write));
		}
		this.inFlight.moved(this.job, batch.getLast().to());
	}

	private void write(Transition transition) {
		this.store.advance(this.job, transition.from(), transition.to(), transition.at());
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
