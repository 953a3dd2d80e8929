package dev.screenshots.api.screenshots;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.screenshots.api.jobs.JobHistory;
import dev.screenshots.api.jobs.NewJob;
import dev.screenshots.api.jobs.ScreenshotJobs;
import dev.screenshots.runtime.outbox.Outbox;
import dev.screenshots.runtime.outbox.OutboundMessage;
import dev.screenshots.runtime.support.BackgroundLoop;

/**
 * Writes the rows of concurrent submits together (group commit): every submit waiting
 * when the previous write ended, up to {@link #MAX_BATCH}, goes into one transaction of
 * two statements, one for the jobs with their first steps and one for their outbox
 * messages. Each job still exists if and only if its message does, but PostgreSQL commits
 * (and flushes its log) once for them all, and the submits take one pooled connection
 * between them instead of one each.
 *
 * <p>
 * Nothing waits on purpose: a lone submit is written at once, and submits gather only
 * while a write is under way, so the batch grows with the load. A batch the database
 * refuses for one submit's row (a constraint) is written again one submit per
 * transaction, so that only that submit fails; any other failure (a database out of
 * reach) fails the whole batch, each waiting submit rethrowing the write's exception,
 * which is what a submit of its own would have met. A write that takes longer than
 * {@link #WRITE_TIMEOUT} is cancelled, so that one stuck statement cannot hold every
 * submit back for longer. Before the loop runs and once it stopped (after the web
 * server's graceful shutdown let the last requests finish), a submit writes its rows in
 * its own thread.
 *
 * <p>
 * Submits that share a result ({@code cache}), carry an {@code Idempotency-Key} or are
 * made inside a caller's transaction (a schedule's run) are not written here: their
 * transaction also takes a lock, claims a key or records the run, which must commit or
 * roll back with the job.
 */
@Component
class SubmitWriter extends BackgroundLoop {

	/** At most this many submits in one transaction. */
	static final int MAX_BATCH = 256;

	/** How long one batch's transaction may take before its statement is cancelled. */
	static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

	/** How often a waiting loop or submit looks whether the loop was stopped. */
	private static final Duration CHECK_EVERY = Duration.ofMillis(200);

	private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();

	private final ScreenshotJobs jobs;

	private final Outbox outbox;

	private final TransactionTemplate transactions;

	private final DistributionSummary batchSizes;

	SubmitWriter(ScreenshotJobs jobs, Outbox outbox, TransactionTemplate transactions, MeterRegistry meters) {
		super("submit-writer");
		this.jobs = jobs;
		this.outbox = outbox;
		this.transactions = new TransactionTemplate(transactions.getTransactionManager());
		this.transactions.setTimeout((int) WRITE_TIMEOUT.toSeconds());
		this.batchSizes = DistributionSummary.builder("screenshots.submit.batch.size")
			.description("Submits written in one transaction (group commit)")
			.register(meters);
	}

	/**
	 * Records a pending job, its first step and the message that hands it to a worker,
	 * together with whatever other submits are waiting.
	 * @param job the job
	 * @param message its message (the caller's trace context is added here)
	 * @return the job as recorded
	 */
	JobHistory write(NewJob job, OutboundMessage message) {
		Pending pending = new Pending(job, this.outbox.traced(message), new CompletableFuture<>());
		if (!isRunning()) {
			return writeAlone(pending);
		}
		this.queue.add(pending);
		return await(pending);
	}

	/**
	 * Waits for the loop to write the submit; writes it here if the loop stopped before
	 * taking it. Not interruptible: once queued, the submit may be committed whatever its
	 * caller does, and its answer must say so.
	 */
	private JobHistory await(Pending pending) {
		boolean interrupted = false;
		try {
			while (true) {
				try {
					return pending.done().get(CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (TimeoutException ex) {
					if (!isRunning() && this.queue.remove(pending)) {
						return writeAlone(pending);
					}
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
				catch (ExecutionException ex) {
					if (ex.getCause() instanceof RuntimeException failure) {
						throw failure;
					}
					throw new IllegalStateException("Writing the job failed", ex.getCause());
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	protected void loop() {
		try {
			writeWhileRunning();
		}
		finally {
			// however the loop ends, waiting submits see it stopped and write alone
			halt();
		}
	}

	private void writeWhileRunning() {
		List<Pending> batch = new ArrayList<>(MAX_BATCH);
		while (isRunning() || !this.queue.isEmpty()) {
			Pending first;
			try {
				first = this.queue.poll(CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				halt();
				continue;
			}
			if (first == null) {
				continue;
			}
			batch.add(first);
			this.queue.drainTo(batch, MAX_BATCH - 1);
			try {
				writeTogether(batch);
			}
			catch (Throwable ex) {
				// never leave a submit waiting, and keep the loop for the next ones
				batch.forEach((pending) -> pending.done().completeExceptionally(ex));
			}
			batch.clear();
		}
	}

	/** Stops without an interrupt, which could break a write under way. */
	@Override
	protected void wake(Thread thread) {
	}

	/** Long enough for a batch under way to finish or time out. */
	@Override
	protected Duration stopTimeout() {
		return WRITE_TIMEOUT.plusSeconds(5);
	}

	/**
	 * Stops after the web server's graceful shutdown let the running requests finish (and
	 * before the server itself stops): their submits are written by the loop.
	 */
	@Override
	public int getPhase() {
		return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE - 1;
	}

	/** Writes a batch in one transaction, or each alone when a row is refused. */
	void writeTogether(List<Pending> batch) {
		this.batchSizes.record(batch.size());
		try {
			List<JobHistory> written = this.transactions.execute((status) -> {
				List<JobHistory> recorded = this.jobs.insertAll(batch.stream().map(Pending::job).toList());
				this.outbox.enqueueAll(batch.stream().map(Pending::message).toList());
				return recorded;
			});
			for (int i = 0; i < batch.size(); i++) {
				batch.get(i).done().complete(written.get(i));
			}
		}
		catch (DataIntegrityViolationException ex) {
			if (batch.size() == 1) {
				batch.get(0).done().completeExceptionally(ex);
				return;
			}
			// one submit's row was refused: each alone, so that only that submit fails
			RuntimeException other = null;
			for (Pending pending : batch) {
				if (other != null) {
					pending.done().completeExceptionally(other);
					continue;
				}
				try {
					pending.done().complete(writeAlone(pending));
				}
				catch (DataIntegrityViolationException refused) {
					pending.done().completeExceptionally(refused);
				}
				catch (RuntimeException failure) {
					// not this submit's row: the rest would meet the same
					other = failure;
					pending.done().completeExceptionally(failure);
				}
			}
		}
		catch (RuntimeException ex) {
			batch.forEach((pending) -> pending.done().completeExceptionally(ex));
		}
	}

	private JobHistory writeAlone(Pending pending) {
		return this.transactions.execute((status) -> {
			JobHistory recorded = this.jobs.insert(pending.job());
			this.outbox.enqueueAll(List.of(pending.message()));
			return recorded;
		});
	}

	/**
	 * A submit waiting for its rows to be written.
	 *
	 * @param job the job and its first step
	 * @param message its outbox message, with its submit's trace context
	 * @param done completed with the recorded job, or with the write's failure
	 */
	record Pending(NewJob job, OutboundMessage message, CompletableFuture<JobHistory> done) {
	}

}
