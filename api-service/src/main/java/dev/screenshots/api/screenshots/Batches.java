package dev.screenshots.api.screenshots;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

import dev.screenshots.model.job.JobStatus;

/**
 * The batches table and its items (migration V16). A batch is created before its items
 * are submitted; each item's answer is recorded after its own submit; when the last one
 * is recorded the batch is marked submitted, and {@code finish_batch} (also run by a
 * trigger whenever one of its jobs finishes) marks it finished and queues its webhook
 * once every job is terminal.
 */
@Repository
class Batches {

	private static final Logger log = LoggerFactory.getLogger(Batches.class);

	private final JdbcClient jdbc;

	Batches(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void create(UUID id, String tenant, UUID apiKeyId, int size, String webhookUrl) {
		this.jdbc.sql("""
				INSERT INTO batches (id, tenant, api_key_id, size, webhook_url, created_at)
				VALUES (:id, :tenant, :key, :size, :webhook, :now)
				""")
			.param("id", id)
			.param("tenant", tenant)
			.param("key", apiKeyId)
			.param("size", size)
			.param("webhook", webhookUrl)
			.param("now", OffsetDateTime.now(ZoneOffset.UTC))
			.update();
	}

	/**
	 * Records one item's answer.
	 * @param batch the batch
	 * @param position the item's index in the request
	 * @param status the HTTP status the item alone would have had
	 * @param jobId its job, or {@code null} when it was refused
	 * @param problem its problem document as JSON, or {@code null}
	 */
	void addItem(UUID batch, int position, int status, UUID jobId, String problem) {
		this.jdbc.sql("""
				INSERT INTO batch_items (batch_id, position, status, job_id, problem)
				VALUES (:batch, :position, :status, :job, CAST(:problem AS jsonb))
				""")
			.param("batch", batch)
			.param("position", position)
			.param("status", status)
			.param("job", jobId)
			.param("problem", problem)
			.update();
	}

	/**
	 * Marks every item answered, and the batch finished if its jobs all are.
	 * @param batch the batch
	 */
	void submitted(UUID batch) {
		this.jdbc.sql("UPDATE batches SET submitted_at = now() WHERE id = :id").param("id", batch).update();
		this.jdbc.sql("SELECT finish_batch(:id)").param("id", batch).query(Boolean.class).single();
	}

	/**
	 * Finishes the batches whose last job finished while its item was being recorded (its
	 * trigger found no item yet, and the check after the last item saw the job still
	 * running): every half minute, the batches submitted more than 10 s ago and not
	 * finished are checked again. Any instance may do it; {@code finish_batch} locks
	 * each.
	 */
	@Scheduled(fixedDelay = 30, initialDelay = 30, timeUnit = TimeUnit.SECONDS)
	void finishStragglers() {
		try {
			this.jdbc.sql("""
					SELECT finish_batch(id) FROM batches
					WHERE finished_at IS NULL AND submitted_at < now() - interval '10 seconds' LIMIT 1000
					""").query(Boolean.class).list();
		}
		catch (DataAccessException ex) {
			log.debug("Checking unfinished batches failed; trying again in 30 s", ex);
		}
	}

	/**
	 * Reads a batch of the tenant with its items and their jobs' statuses.
	 * @param id the batch
	 * @param tenant the caller's tenant; another tenant's batch is not found
	 * @return the batch, or empty
	 */
	Optional<Batch> find(UUID id, String tenant) {
		return this.jdbc.sql("""
				SELECT id, size, webhook_url, created_at, finished_at FROM batches WHERE id = :id AND tenant = :tenant
				""").param("id", id).param("tenant", tenant).query((rs, n) -> {
			OffsetDateTime finished = rs.getObject("finished_at", OffsetDateTime.class);
			return new Batch(rs.getObject("id", UUID.class), rs.getInt("size"), rs.getString("webhook_url"),
					rs.getObject("created_at", OffsetDateTime.class).toInstant(),
					(finished != null) ? finished.toInstant() : null, items(id));
		}).optional();
	}

	private List<Item> items(UUID batch) {
		return this.jdbc.sql("""
				SELECT i.position, i.status, i.job_id, j.status AS job_status, i.problem ->> 'code' AS code
				FROM batch_items i LEFT JOIN screenshot_jobs j ON j.id = i.job_id
				WHERE i.batch_id = :batch ORDER BY i.position
				""")
			.param("batch", batch)
			.query((rs, n) -> new Item(rs.getInt("position"), rs.getInt("status"), rs.getObject("job_id", UUID.class),
					(rs.getString("job_status") != null) ? JobStatus.of(rs.getString("job_status")) : null,
					rs.getString("code")))
			.list();
	}

	/**
	 * A batch as recorded.
	 *
	 * @param id its id
	 * @param size how many items it had
	 * @param webhookUrl where {@code batch.completed} goes, or {@code null}
	 * @param createdAt when it was submitted
	 * @param finishedAt when every item was answered and every job terminal, or
	 * {@code null}
	 * @param items its items, in order
	 */
	record Batch(UUID id, int size, String webhookUrl, Instant createdAt, Instant finishedAt, List<Item> items) {
	}

	/**
	 * One item as recorded.
	 *
	 * @param position its index in the request
	 * @param status the HTTP status it was answered with
	 * @param jobId its job, or {@code null} when refused
	 * @param jobStatus the job's status now, or {@code null}
	 * @param code the problem's code when refused, or {@code null}
	 */
	record Item(int position, int status, UUID jobId, JobStatus jobStatus, String code) {
	}

}
