package dev.screenshots.worker.fleet;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.screenshots.model.job.ErrorCode;
import dev.screenshots.worker.CaptureFailure;
import dev.screenshots.worker.pipeline.ExpiredLease;
import dev.screenshots.worker.pipeline.JobStateStore;
import dev.screenshots.worker.pipeline.PipelineMetrics;
import dev.screenshots.worker.pipeline.RetryPolicy;
import dev.screenshots.worker.system.WorkerProperties;

/**
 * Finds jobs whose lease ran out (their worker stopped heartbeating: it crashed, hung or
 * was cut off) and hands them back to the queue, or dead-letters them with
 * {@code WORKER_LOST} when they used up their attempts. Every worker runs one; rows are
 * locked with {@code SKIP LOCKED}, so reapers never handle the same job twice. Also marks
 * workers offline whose heartbeat stopped.
 */
@Component
class LeaseReaper extends PeriodicTask {

	private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);

	private static final int BATCH = 100;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final JobStateStore store;

	private final RetryPolicy retries;

	private final WorkerProperties worker;

	private final Counter reaped;

	private final PipelineMetrics metrics;

	LeaseReaper(JdbcClient jdbc, TransactionTemplate transactions, JobStateStore store, RetryPolicy retries,
			WorkerProperties worker, MeterRegistry registry, PipelineMetrics metrics) {
		super("lease-reaper");
		this.metrics = metrics;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.store = store;
		this.retries = retries;
		this.worker = worker;
		this.reaped = Counter.builder("capture.jobs.reaped")
			.description("Jobs taken back from a worker whose lease ran out")
			.register(registry);
	}

	@Override
	Duration interval() {
		return this.worker.reaperInterval();
	}

	@Override
	void tick() {
		markSilentWorkersOffline();
		int handled;
		do {
			handled = reapBatch();
		}
		while (handled == BATCH);
	}

	private void markSilentWorkersOffline() {
		int offline = this.jdbc.sql("""
				UPDATE workers SET status = 'offline', busy_slots = 0
				WHERE status <> 'offline' AND last_heartbeat_at < now() - :staleMillis * interval '1 millisecond'
				""").param("staleMillis", this.worker.heartbeatInterval().multipliedBy(3).toMillis()).update();
		if (offline > 0) {
			log.warn("Marked {} worker(s) offline: no heartbeat for {}", offline,
					this.worker.heartbeatInterval().multipliedBy(3));
		}
	}

	private int reapBatch() {
		Integer count = this.transactions.execute((status) -> {
			List<ExpiredLease> expired = this.store.lockExpiredLeases(BATCH);
			for (ExpiredLease job : expired) {
				CaptureFailure lost = new CaptureFailure(ErrorCode.WORKER_LOST,
						"Worker " + job.workerId() + " stopped heartbeating while the job was " + job.status().value());
				if (job.attempts() < this.retries.maxAttempts()) {
					this.store.release(job.id(), job.workerId(), job.status(), lost);
					log.warn("Job {} was {} on lost worker {}; handed back to the queue", job.id(),
							job.status().value(), job.workerId());
				}
				else {
					this.store.deadLetter(job.id(), job.workerId(), job.status(), lost);
					this.metrics.jobFailed(job.sourceType(), job.priority(), ErrorCode.WORKER_LOST);
					log.warn("Job {} was {} on lost worker {} after {} attempts; dead-lettered", job.id(),
							job.status().value(), job.workerId(), job.attempts());
				}
				this.reaped.increment();
			}
			return expired.size();
		});
		return (count != null) ? count : 0;
	}

}
