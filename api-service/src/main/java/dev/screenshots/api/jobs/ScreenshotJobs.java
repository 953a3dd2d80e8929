package dev.screenshots.api.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.screenshots.model.capture.SourceType;
import dev.screenshots.model.capture.Priority;
import dev.screenshots.model.job.JobMove;
import dev.screenshots.model.job.JobStatus;
import dev.screenshots.model.storage.StoredArtifact;

/**
 * Every statement api-service runs on the job row ({@code screenshot_jobs}) and its step
 * history ({@code job_steps}), with JdbcClient. Rows come back as immutable records. The
 * API writes a job three times: it creates it (pending, with its first step), cancels it,
 * and redrives it from the dead-letter queue; the two moves are {@link JobMove}s, guarded
 * by the transition table like the workers' moves. Reads by tenant never show another
 * tenant's job.
 */
@Repository
public class ScreenshotJobs {

	private static final String UNFINISHED = JobMove
		.literals(Arrays.stream(JobStatus.values()).filter((status) -> !status.isTerminal()).toList());

	private static final String CANCEL = JobMove.to(JobStatus.CANCELLED)
		.set("finished_at = :now, lease_expires_at = NULL, next_attempt_at = NULL")
		.where("tenant = :tenant")
		.sql("SELECT count(*) FROM moved");

	private static final String COMPLETE_FROM_CACHE = JobMove.to(JobStatus.COMPLETED)
		.from(JobStatus.PENDING)
		.set("""
				started_at = :now, finished_at = :now, cached_from = :original,
				        (result_bucket, result_key, result_content_type, result_bytes, result_width, result_height,
				         result_sha256, result_final_url, result_http_status, result_blocked_requests,
				         result_blocked_by_reason, result_title, result_console_errors, result_warnings,
				         result_artifacts) =
				        (SELECT result_bucket, result_key, result_content_type, result_bytes, result_width, result_height,
				                result_sha256, result_final_url, result_http_status, result_blocked_requests,
				                result_blocked_by_reason, result_title, result_console_errors, result_warnings,
				                result_artifacts
				         FROM screenshot_jobs WHERE id = :original AND status = 'completed' AND expired_at IS NULL)""")
		.sql("SELECT count(*) FROM moved");

	private static final String REDRIVE = JobMove.to(JobStatus.PENDING)
		.from(JobStatus.FAILED)
		.set("""
				attempts = 0, finished_at = NULL, worker_id = NULL, lease_expires_at = NULL, next_attempt_at = NULL,
				        error_code = NULL, error_message = NULL, error_step = NULL""")
		.returning("priority")
		.sql("SELECT priority FROM moved");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * The first key of the advisory locks on cache keys (the watch locks of V14 use
	 * 7014).
	 */
	private static final int CACHE_KEY_LOCK_SPACE = 7015;

	private final JdbcClient jdbc;

	ScreenshotJobs(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records a pending job and its first step, in one statement, within the caller's
	 * transaction, which also holds whatever must exist with the job (its outbox message,
	 * its idempotency key).
	 * @param job the job to record
	 * @return the job as recorded
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public JobHistory insert(NewJob job) {
		return insertAll(List.of(job)).get(0);
	}

	/**
	 * Records pending jobs, each with its first step, in one statement within the
	 * caller's transaction: the rows of concurrent submits written together (group
	 * commit).
	 * @param jobs the jobs to record
	 * @return the jobs as recorded, in the same order
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public List<JobHistory> insertAll(List<NewJob> jobs) {
		int count = jobs.size();
		String[][] columns = new String[16][count];
		for (int i = 0; i < count; i++) {
			NewJob job = jobs.get(i);
			String[] row = { job.id().toString(), job.sourceUrl(), job.options(), job.priority().value(),
					job.webhookUrl(), job.webhookEvents(), job.tenant(),
					(job.apiKeyId() != null) ? job.apiKeyId().toString() : null, job.source().type().value(),
					job.source().entry(), job.source().prefix(), text(job.source().files()), text(job.source().bytes()),
					job.cacheKey(), job.compare(), job.createdAt().toString() };
			for (int column = 0; column < row.length; column++) {
				columns[column][i] = row[column];
			}
		}
		// every column as text[] (pgjdbc sends a String[] as one), cast to its type here
		Map<UUID, Long> stepIds = new HashMap<>();
		this.jdbc.sql("""
				WITH input AS (
				    SELECT * FROM unnest(CAST(:id AS uuid[]), :url, :options, :priority, :webhookUrl, :webhookEvents,
				                         :tenant, CAST(:apiKeyId AS uuid[]), :sourceType, :sourceEntry, :sourcePrefix,
				                         CAST(:sourceFiles AS integer[]), CAST(:sourceBytes AS bigint[]), :cacheKey,
				                         :compare, CAST(:createdAt AS timestamptz[]))
				        AS input (id, url, options, priority, webhook_url, webhook_events, tenant, api_key_id,
				                  source_type, source_entry, source_prefix, source_files, source_bytes, cache_key,
				                  compare, created_at)
				), job AS (
				    INSERT INTO screenshot_jobs (id, status, source_url, options, priority, webhook_url, webhook_events,
				                                 tenant, api_key_id, source_type, source_entry, source_prefix,
				                                 source_files, source_bytes, cache_key, compare, attempts, created_at,
				                                 updated_at)
				    SELECT id, :status, url, CAST(options AS jsonb), priority, webhook_url, webhook_events, tenant,
				           api_key_id, source_type, source_entry, source_prefix, source_files, source_bytes,
				           cache_key, CAST(compare AS jsonb), 0, created_at, created_at
				    FROM input
				    RETURNING id, created_at)
				INSERT INTO job_steps (job_id, status, attempt, entered_at) SELECT id, :status, 0, created_at FROM job
				RETURNING id, job_id
				""")
			.param("id", columns[0])
			.param("url", columns[1])
			.param("options", columns[2])
			.param("priority", columns[3])
			.param("webhookUrl", columns[4])
			.param("webhookEvents", columns[5])
			.param("tenant", columns[6])
			.param("apiKeyId", columns[7])
			.param("sourceType", columns[8])
			.param("sourceEntry", columns[9])
			.param("sourcePrefix", columns[10])
			.param("sourceFiles", columns[11])
			.param("sourceBytes", columns[12])
			.param("cacheKey", columns[13])
			.param("compare", columns[14])
			.param("createdAt", columns[15])
			.param("status", JobStatus.PENDING.value())
			.query((rs) -> {
				stepIds.put(rs.getObject("job_id", UUID.class), rs.getLong("id"));
			});
		List<JobHistory> recorded = new ArrayList<>(count);
		for (NewJob job : jobs) {
			ScreenshotJob row = new ScreenshotJob(job.id(), job.tenant(), job.apiKeyId(), JobStatus.PENDING,
					job.sourceUrl(), job.options(), job.priority().value(), job.webhookUrl(), job.webhookEvents(),
					job.source(), 0, null, job.createdAt(), job.createdAt(), null, null, null, null, null, null, null,
					job.compare());
			recorded.add(new JobHistory(row,
					List.of(new JobStep(stepIds.get(job.id()), JobStatus.PENDING, 0, job.createdAt(), null))));
		}
		return recorded;
	}

	private static String text(Object value) {
		return (value != null) ? value.toString() : null;
	}

	/**
	 * Reads a job of the tenant and its step history.
	 * @param id the job id
	 * @param tenant the caller's tenant
	 * @return the job
	 * @throws JobNotFoundException if the tenant has no such job
	 */
	@Transactional(readOnly = true)
	public JobHistory history(UUID id, String tenant) {
		return new JobHistory(get(id, tenant), steps(id));
	}

	/**
	 * Reads a job of the tenant, without its step history.
	 * @param id the job id
	 * @param tenant the caller's tenant; another tenant's job is not found, so its
	 * existence does not leak
	 * @return the row
	 * @throws JobNotFoundException if the tenant has no such job
	 */
	public ScreenshotJob get(UUID id, String tenant) {
		return this.jdbc.sql("SELECT * FROM screenshot_jobs WHERE id = :id AND tenant = :tenant")
			.param("id", id)
			.param("tenant", tenant)
			.query(ScreenshotJobs::job)
			.optional()
			.orElseThrow(() -> new JobNotFoundException(id.toString()));
	}

	/**
	 * Reads a job of any tenant, for work done on the tenant's behalf (webhooks).
	 * @param id the job id
	 * @return the row, or empty if there is no such job
	 */
	public Optional<ScreenshotJob> find(UUID id) {
		return this.jdbc.sql("SELECT * FROM screenshot_jobs WHERE id = :id")
			.param("id", id)
			.query(ScreenshotJobs::job)
			.optional();
	}

	/**
	 * The job of the tenant with this cache key that an identical request may use instead
	 * of capturing again: one completed within {@code ttl} whose image retention has not
	 * deleted (unless {@code refresh}), else one still running (if {@code running}), else
	 * one failed within {@code failedTtl} (unless {@code refresh}); the newest of its
	 * kind, so that a refresh still running, or failed, does not hide a good result. Jobs
	 * answered from the cache carry no cache key, so this finds the jobs that captured.
	 * Inside the transaction that holds {@link #lockCacheKey(String)}, with {@code lock},
	 * the job found is locked ({@code FOR SHARE}) until the answer is recorded, so the
	 * retention sweep (which skips locked rows) cannot delete its image meanwhile.
	 * @param tenant the tenant
	 * @param cacheKey the request's cache key
	 * @param ttl how old a completed job may be
	 * @param failedTtl how old a failed job may be
	 * @param refresh whether finished jobs are passed over
	 * @param running whether a job still running may be used
	 * @param lock whether to lock the job found
	 * @return the job, or empty
	 */
	public Optional<ScreenshotJob> reusable(String tenant, String cacheKey, Duration ttl, Duration failedTtl,
			boolean refresh, boolean running, boolean lock) {
		Instant now = Instant.now();
		// bounds the index scan: a job that has been running for a day is not waited for
		Instant oldest = now.minus((ttl.compareTo(failedTtl) > 0) ? ttl : failedTtl).minus(Duration.ofDays(1));
		return this.jdbc.sql("""
				SELECT * FROM screenshot_jobs
				WHERE cache_key = :key AND tenant = :tenant AND created_at > :oldest
				  AND ((:running AND status IN (%s))
				       OR (:finished AND status = 'completed' AND expired_at IS NULL AND finished_at > :completedSince)
				       OR (:finished AND status = 'failed' AND finished_at > :failedSince))
				ORDER BY CASE WHEN status = 'completed' THEN 0 WHEN status = 'failed' THEN 2 ELSE 1 END,
				         created_at DESC
				LIMIT 1 %s
				""".formatted(UNFINISHED, lock ? "FOR SHARE" : ""))
			.param("key", cacheKey)
			.param("tenant", tenant)
			.param("oldest", utc(oldest))
			.param("running", running)
			.param("running", running)
			.param("running", running)
			.param("running", running)
			.param("finished", !refresh)
			.param("completedSince", utc(now.minus(ttl)))
			.param("failedSince", utc(now.minus(failedTtl)))
			.query(ScreenshotJobs::job)
			.optional();
	}

	/**
	 * Serialises the requests with one cache key, on every instance, until the calling
	 * transaction ends: of two identical requests arriving together, the second finds the
	 * job the first created.
	 * @param cacheKey the cache key
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void lockCacheKey(String cacheKey) {
		this.jdbc.sql("SELECT pg_advisory_xact_lock(:space, hashtext(:key))")
			.param("space", CACHE_KEY_LOCK_SPACE)
			.param("key", cacheKey)
			.query((rs, row) -> 1)
			.single();
	}

	/**
	 * Whether the tenant has the job.
	 * @param id the job id
	 * @param tenant the tenant
	 * @return whether it exists and belongs to the tenant
	 */
	public boolean exists(UUID id, String tenant) {
		return this.jdbc.sql("SELECT count(*) FROM screenshot_jobs WHERE id = :id AND tenant = :tenant")
			.param("id", id)
			.param("tenant", tenant)
			.query(Integer.class)
			.single() > 0;
	}

	/**
	 * A job's current status.
	 * @param id the job id
	 * @return the status, or empty if there is no such job
	 */
	public Optional<JobStatus> status(UUID id) {
		return this.jdbc.sql("SELECT status FROM screenshot_jobs WHERE id = :id")
			.param("id", id)
			.query(String.class)
			.optional()
			.map(JobStatus::of);
	}

	/**
	 * A job's step history, with each step's duration derived from when the next one was
	 * entered (the view of migration V21).
	 * @param id the job id
	 * @return every status it entered, oldest first
	 */
	public List<JobStep> steps(UUID id) {
		return this.jdbc
			.sql("SELECT id, status, attempt, entered_at, duration_ms FROM job_step_history WHERE job_id = :id"
					+ " ORDER BY id")
			.param("id", id)
			.query((rs, n) -> new JobStep(rs.getLong("id"), JobStatus.of(rs.getString("status")), rs.getInt("attempt"),
					instant(rs, "entered_at"), rs.getObject("duration_ms", Long.class)))
			.list();
	}

	/**
	 * A page of a tenant's jobs, newest first.
	 * @param tenant the tenant
	 * @param query which jobs
	 * @return up to {@code query.limit()} jobs
	 */
	public List<JobSummary> page(String tenant, JobSummary.Query query) {
		StringBuilder sql = new StringBuilder("""
				SELECT id, status, source_url, priority, attempts, created_at, finished_at, error_code
				FROM screenshot_jobs WHERE tenant = :tenant""");
		if (query.status() != null) {
			sql.append(" AND status = :status");
		}
		if (query.since() != null) {
			sql.append(" AND created_at >= :since");
		}
		if (query.until() != null) {
			sql.append(" AND created_at < :until");
		}
		if (query.afterCreatedAt() != null) {
			sql.append(" AND (created_at, id) < (:afterCreatedAt, :afterId)");
		}
		sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
		JdbcClient.StatementSpec statement = this.jdbc.sql(sql.toString())
			.param("tenant", tenant)
			.param("limit", query.limit());
		if (query.status() != null) {
			statement = statement.param("status", query.status().value());
		}
		if (query.since() != null) {
			statement = statement.param("since", utc(query.since()));
		}
		if (query.until() != null) {
			statement = statement.param("until", utc(query.until()));
		}
		if (query.afterCreatedAt() != null) {
			statement = statement.param("afterCreatedAt", utc(query.afterCreatedAt()))
				.param("afterId", query.afterId());
		}
		return statement
			.query((rs, n) -> new JobSummary(rs.getObject("id", UUID.class), JobStatus.of(rs.getString("status")),
					rs.getString("source_url"), rs.getString("priority"), rs.getInt("attempts"),
					instant(rs, "created_at"), instant(rs, "finished_at"), rs.getString("error_code")))
			.list();
	}

	/**
	 * How many of a key's jobs are unfinished, counting up to a cap. The job's
	 * {@code phase} (migration V20) is what lets PostgreSQL use the partial index of a
	 * key's unfinished jobs.
	 * @param apiKeyId the key
	 * @param cap where to stop counting
	 * @return the count, at most {@code cap}
	 */
	public long countUnfinished(UUID apiKeyId, int cap) {
		return this.jdbc.sql("""
				SELECT count(*) FROM (
				    SELECT 1 FROM screenshot_jobs WHERE api_key_id = :key AND phase <> 'finished' LIMIT :cap) AS open
				""").param("key", apiKeyId).param("cap", cap).query(Long.class).single();
	}

	/**
	 * Cancels a job of the tenant that has not reached an outcome.
	 * @param id the job id
	 * @param tenant the caller's tenant
	 * @return whether it was cancelled; {@code false} if it had already finished (or is
	 * not the tenant's)
	 */
	public boolean cancel(UUID id, String tenant) {
		return this.jdbc.sql(CANCEL)
			.param("id", id)
			.param("tenant", tenant)
			.param("now", OffsetDateTime.now(ZoneOffset.UTC))
			.query(Integer.class)
			.single() > 0;
	}

	/**
	 * Completes a pending job with the result of an identical completed one (the result
	 * cache): the same image in the store, no capture, no work message. Runs in the
	 * caller's transaction, which created the job.
	 * @param id the new job
	 * @param original the completed job whose result it takes
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void completeFromCache(UUID id, UUID original) {
		int moved = this.jdbc.sql(COMPLETE_FROM_CACHE)
			.param("id", id)
			.param("original", original)
			.param("now", OffsetDateTime.now(ZoneOffset.UTC))
			.query(Integer.class)
			.single();
		if (moved != 1) {
			// the lookup in this transaction locked the original: cannot happen
			throw new IllegalStateException("Job " + original + " no longer has a result to share");
		}
	}

	/**
	 * Sets a failed job back to {@code pending}, as new: no attempts, no error, no
	 * worker. Runs in the caller's transaction, which sends its work message.
	 * @param id the job id
	 * @return the job's priority if it was failed and is pending now, else empty
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Optional<Priority> redrive(UUID id) {
		return this.jdbc.sql(REDRIVE)
			.param("id", id)
			.param("now", OffsetDateTime.now(ZoneOffset.UTC))
			.query(String.class)
			.optional()
			.map(Priority::of);
	}

	/** Reads the warnings column; {@code NULL} (jobs older than warnings) is none. */
	private static List<ScreenshotJob.Warning> warnings(String json) {
		return (json != null) ? List.of(JSON.readValue(json, ScreenshotJob.Warning[].class)) : List.of();
	}

	/** Reads the comparison column; {@code NULL} (no comparison asked) stays absent. */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> comparison(String json) {
		return (json != null) ? JSON.readValue(json, Map.class) : null;
	}

	/** Reads the artifacts column; {@code NULL} (none asked) is none. */
	private static List<StoredArtifact> artifacts(String json) {
		return (json != null) ? List.of(JSON.readValue(json, StoredArtifact[].class)) : List.of();
	}

	/** Reads the blocked-by-reason column; {@code NULL} (older jobs) stays absent. */
	@SuppressWarnings("unchecked")
	private static Map<String, Integer> blockedByReason(String json) {
		return (json != null) ? JSON.readValue(json, Map.class) : null;
	}

	private static ScreenshotJob job(ResultSet rs, int row) throws SQLException {
		String errorStep = rs.getString("error_step");
		String lastErrorCode = rs.getString("last_error_code");
		String errorCode = rs.getString("error_code");
		String resultKey = rs.getString("result_key");
		return new ScreenshotJob(rs.getObject("id", UUID.class), rs.getString("tenant"),
				rs.getObject("api_key_id", UUID.class), JobStatus.of(rs.getString("status")),
				rs.getString("source_url"), rs.getString("options"), rs.getString("priority"),
				rs.getString("webhook_url"), rs.getString("webhook_events"),
				new ScreenshotJob.Source(SourceType.of(rs.getString("source_type")), rs.getString("source_entry"),
						rs.getString("source_prefix"), rs.getObject("source_files", Integer.class),
						rs.getObject("source_bytes", Long.class)),
				rs.getInt("attempts"), rs.getString("worker_id"), instant(rs, "created_at"), instant(rs, "updated_at"),
				instant(rs, "started_at"), instant(rs, "finished_at"), instant(rs, "next_attempt_at"),
				instant(rs, "expired_at"),
				(resultKey != null) ? new ScreenshotJob.Result(rs.getString("result_bucket"), resultKey,
						rs.getString("result_content_type"), rs.getObject("result_bytes", Long.class),
						rs.getObject("result_width", Integer.class), rs.getObject("result_height", Integer.class),
						rs.getString("result_sha256"), rs.getString("result_final_url"),
						rs.getObject("result_http_status", Integer.class),
						rs.getObject("result_blocked_requests", Integer.class),
						blockedByReason(rs.getString("result_blocked_by_reason")), rs.getString("result_title"),
						rs.getObject("result_console_errors", Integer.class), warnings(rs.getString("result_warnings")),
						rs.getObject("cached_from", UUID.class), artifacts(rs.getString("result_artifacts")),
						comparison(rs.getString("result_comparison"))) : null,
				(errorCode != null) ? new ScreenshotJob.Failure(errorCode, rs.getString("error_message"),
						(errorStep != null) ? JobStatus.of(errorStep) : null) : null,
				(lastErrorCode != null)
						? new ScreenshotJob.Failure(lastErrorCode, rs.getString("last_error_message"), null) : null,
				rs.getString("compare"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
		return (time != null) ? time.toInstant() : null;
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
