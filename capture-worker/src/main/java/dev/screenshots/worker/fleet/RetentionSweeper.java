package dev.screenshots.worker.fleet;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.screenshots.worker.pipeline.ExpiringJob;
import dev.screenshots.worker.pipeline.JobStateStore;
import dev.screenshots.worker.storage.ScreenshotStorage;
import dev.screenshots.worker.storage.SourceFiles;

/**
 * Deletes images (and the uploaded files of inline-HTML and bundle jobs) older than
 * {@code capture.retention.ttl} and marks their jobs expired, in batches of
 * {@code batch-size} rows locked with {@code SKIP LOCKED} so every worker can run it. The
 * rows stay, with their metadata, for the record; the image endpoint answers 410 for
 * them.
 */
@Component
class RetentionSweeper extends PeriodicTask {

	private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);

	private final JobStateStore store;

	private final TransactionTemplate transactions;

	private final ScreenshotStorage storage;

	private final RetentionProperties properties;

	private final SourceFiles sourceFiles;

	RetentionSweeper(JobStateStore store, TransactionTemplate transactions, ScreenshotStorage storage,
			SourceFiles sourceFiles, RetentionProperties properties) {
		super("retention-sweeper");
		this.store = store;
		this.transactions = transactions;
		this.storage = storage;
		this.sourceFiles = sourceFiles;
		this.properties = properties;
	}

	@Override
	Duration interval() {
		return this.properties.sweepInterval();
	}

	@Override
	boolean enabled() {
		return this.properties.enabled();
	}

	@Override
	void tick() {
		int swept;
		int total = 0;
		do {
			swept = sweepBatch();
			total += swept;
		}
		while (swept == this.properties.batchSize());
		if (total > 0) {
			log.info("Retention: deleted the images of {} job(s) finished more than {} ago", total,
					this.properties.ttl());
		}
	}

	/**
	 * Expires one batch.
	 * @return the number of jobs expired
	 */
	int sweepBatch() {
		Integer count = this.transactions.execute((status) -> {
			List<ExpiringJob> jobs = this.store.lockExpiring(this.properties.ttl(), this.properties.batchSize());
			jobs.stream().filter((job) -> job.key() != null).forEach((job) -> {
				this.storage.delete(job.bucket(), job.key());
				job.artifactKeys().forEach((key) -> this.storage.delete(job.bucket(), key));
			});
			jobs.stream()
				.filter((job) -> job.sourcePrefix() != null)
				.forEach((job) -> this.sourceFiles.delete(job.sourcePrefix()));
			this.store.markExpired(jobs.stream().map(ExpiringJob::id).toList());
			return jobs.size();
		});
		return (count != null) ? count : 0;
	}

}
