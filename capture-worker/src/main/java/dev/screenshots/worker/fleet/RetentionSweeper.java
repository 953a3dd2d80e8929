package dev.screenshots.worker.fleet;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

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

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final ScreenshotStorage storage;

	private final RetentionProperties properties;

	private final SourceFiles sourceFiles;

	RetentionSweeper(JdbcClient jdbc, TransactionTemplate transactions, ScreenshotStorage storage,
			SourceFiles sourceFiles, RetentionProperties properties) {
		super("retention-sweeper");
		this.jdbc = jdbc;
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
	public void start() {
		if (this.properties.enabled()) {
			super.start();
		}
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
			List<Expiring> jobs = this.jdbc.sql("""
					SELECT id, result_bucket, result_key, source_prefix FROM screenshot_jobs
					WHERE expired_at IS NULL AND status IN ('completed', 'failed', 'cancelled')
					  AND finished_at < now() - :ttlMillis * interval '1 millisecond'
					ORDER BY finished_at LIMIT :limit FOR UPDATE SKIP LOCKED
					""")
				.param("ttlMillis", this.properties.ttl().toMillis())
				.param("limit", this.properties.batchSize())
				.query((rs, row) -> new Expiring(rs.getObject("id", UUID.class), rs.getString("result_bucket"),
						rs.getString("result_key"), rs.getString("source_prefix")))
				.list();
			jobs.stream()
				.filter((job) -> job.key() != null)
				.forEach((job) -> this.storage.delete(job.bucket(), job.key()));
			jobs.stream()
				.filter((job) -> job.sourcePrefix() != null)
				.forEach((job) -> this.sourceFiles.delete(job.sourcePrefix()));
			if (!jobs.isEmpty()) {
				this.jdbc.sql("UPDATE screenshot_jobs SET expired_at = now() WHERE id IN (:ids)")
					.param("ids", jobs.stream().map(Expiring::id).toList())
					.update();
			}
			return jobs.size();
		});
		return (count != null) ? count : 0;
	}

	private record Expiring(UUID id, String bucket, String key, String sourcePrefix) {
	}

}
