package dev.screenshots.worker.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
import org.springframework.transaction.support.TransactionTemplate;

import dev.screenshots.model.capture.CaptureOptions;
import dev.screenshots.model.capture.Compare;
import dev.screenshots.model.capture.Priority;
import dev.screenshots.model.capture.SourceType;
import dev.screenshots.model.capture.BlockList;
import dev.screenshots.model.storage.StoredArtifact;
import dev.screenshots.model.job.JobMove;
import dev.screenshots.model.job.JobStatus;
import dev.screenshots.model.job.JobTransitions;
import dev.screenshots.runtime.messaging.CaptureMessages;
import dev.screenshots.runtime.messaging.CaptureTopology;
import dev.screenshots.runtime.outbox.Outbox;
import dev.screenshots.worker.CaptureFailure;
import dev.screenshots.worker.browser.PageFacts;
import dev.screenshots.worker.browser.PageLoad;
import dev.screenshots.worker.system.WorkerProperties;

/**
 * The worker's one owner of the job row ({@code screenshot_jobs}) and its step history
 * ({@code job_steps}): every read and write the worker fleet makes to a job, including
 * those of the lease reaper and the retention sweeper. Each transition is a single
 * {@link JobMove} statement: the job row changes only if it is still in the status (and
 * held by the worker) the caller expects, and the step history gets the new status,
 * atomically (the step left is not written: the view {@code job_step_history} derives its
 * duration). Transitions that announce something (a retry, a dead letter, a job handed
 * back) write their message to the outbox in the same transaction.
 *
 * <p>
 * Leases and retry times use the database clock ({@code now()}), so workers with skewed
 * clocks agree on them; displayed timestamps use the worker's clock.
 *
 * <p>
 * It is longer than the project's 400-line guide on purpose: it is the one file where the
 * worker's SQL on these two tables lives (about twenty short statements), and splitting
 * it would spread that SQL over several classes again, which is what it was made to end.
 */
@Repository
public class JobStateStore {

	private static final String RUNNING = JobTransitions.runningStatusesSql();

	/**
	 * A pending job once its retry is due, or a running job once its lease ran out (its
	 * worker stopped heartbeating).
	 */
	private static final String CLAIM = JobMove.to(JobStatus.PROCESSING)
		.set("""
				attempts = attempts + 1, worker_id = :worker, started_at = COALESCE(started_at, :now),
				        next_attempt_at = NULL, lease_expires_at = now() + :leaseMillis * interval '1 millisecond'""")
		.where("next_attempt_at IS NULL OR next_attempt_at <= now() + interval '1 second'")
		.orTakeOver("lease_expires_at < now()")
		.returning(
				"source_url, source_type, source_entry, source_prefix, options, created_at, priority, tenant, compare")
		.sql("SELECT id, attempts, source_url, source_type, source_entry, source_prefix, options::text AS options,"
				+ " created_at, priority, tenant, compare::text AS compare FROM moved");

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Outbox outbox;

	private final TransactionTemplate transactions;

	private final WorkerProperties worker;

	public JobStateStore(JdbcClient jdbc, JsonMapper json, Outbox outbox, TransactionTemplate transactions,
			WorkerProperties worker) {
		this.jdbc = jdbc;
		this.json = json;
		this.outbox = outbox;
		this.transactions = transactions;
		this.worker = worker;
	}

	/**
	 * Claims a job for this worker: {@code pending → processing} with a lease, one more
	 * attempt. A pending job is claimable once its retry is due; a running job once its
	 * lease ran out (its worker stopped heartbeating), which is how a redelivered message
	 * takes over a crashed worker's job.
	 * @param jobId the job
	 * @return the claimed job, or empty when there is nothing to do (claimed elsewhere,
	 * finished, cancelled, not due yet, or unknown)
	 */
	public Optional<ClaimedJob> claim(UUID jobId) {
		return this.jdbc.sql(CLAIM)
			.param("id", jobId)
			.param("worker", this.worker.id())
			.param("now", now())
			.param("leaseMillis", this.worker.lease().toMillis())
			.query((rs, row) -> new ClaimedJob(rs.getObject("id", UUID.class), rs.getString("source_url"),
					source(rs.getString("source_type"), rs.getString("source_entry"), rs.getString("source_prefix")),
					this.json.readValue(rs.getString("options"), CaptureOptions.class).resolve(), rs.getInt("attempts"),
					rs.getObject("created_at", OffsetDateTime.class).toInstant(), this.worker.id(),
					rs.getString("priority"), rs.getString("tenant"),
					(rs.getString("compare") != null) ? this.json.readValue(rs.getString("compare"), Compare.class)
							: null))
			.optional();
	}

	private static ClaimedJob.Source source(String type, String entry, String prefix) {
		SourceType source = SourceType.of(type);
		return (!source.hasFiles() || prefix == null) ? null : new ClaimedJob.Source(source, entry, prefix);
	}

	/**
	 * Moves a job this worker holds from one running status to the next. The lease is the
	 * heartbeat's to renew ({@link #renewLeases}): a move that changed it would change a
	 * column an index reads, and PostgreSQL could no longer write the move as a heap-only
	 * update (migration V20).
	 * @param job the job
	 * @param from its current status
	 * @param to the next status
	 * @param at when the job moved (written later than that, see
	 * {@link TransitionJournal})
	 * @throws JobLostException if the job is not in {@code from} under this worker
	 */
	public void advance(ClaimedJob job, JobStatus from, JobStatus to, Instant at) {
		move(job.id(), job.workerId(), from, to, null, Map.of(), OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
	}

	/**
	 * Runs several writes in one transaction: one commit for all of them, and none kept
	 * when one fails ({@link TransitionJournal} writes the transitions that queued up
	 * this way).
	 * @param writes the writes, e.g. calls of {@link #advance}
	 */
	public void together(Runnable writes) {
		this.transactions.executeWithoutResult((status) -> writes.run());
	}

	/**
	 * Finishes a job with its stored image.
	 * @param job the job
	 * @param from its current status
	 * @param image the stored image
	 * @param page what navigating to the page gave
	 * @param facts what the page did
	 * @param warnings what the picture may not show as the client meant it
	 * @param artifacts what was stored besides the image, or is absent with the reason
	 * @param comparison the comparison with the baseline, or {@code null}
	 * @throws JobLostException if the job is not in {@code from} under this worker
	 */
	public void complete(ClaimedJob job, JobStatus from, StoredImage image, PageLoad page, PageFacts facts,
			List<ResultWarning> warnings, List<StoredArtifact> artifacts, Map<String, Object> comparison) {
		Map<String, Object> params = new HashMap<>();
		params.put("comparison", (comparison != null) ? this.json.writeValueAsString(comparison) : null);
		params.put("artifacts", artifacts.isEmpty() ? null : this.json.writeValueAsString(artifacts));
		params.put("warnings", this.json.writeValueAsString(warnings));
		params.put("bucket", image.bucket());
		params.put("key", image.key());
		params.put("contentType", image.contentType());
		params.put("bytes", image.bytes());
		params.put("width", image.width());
		params.put("height", image.height());
		params.put("sha256", image.sha256());
		params.put("finalUrl", (page != null) ? page.finalUrl() : null);
		params.put("httpStatus", (page != null) ? page.httpStatus() : null);
		params.put("blocked", facts.blockedRequests());
		params.put("blockedByReason", this.json.writeValueAsString(blockedByReason(facts)));
		params.put("title", (facts.title() != null && facts.title().length() > 1000) ? facts.title().substring(0, 1000)
				: facts.title());
		params.put("consoleErrors", facts.consoleErrors());
		move(job.id(), job.workerId(), from, JobStatus.COMPLETED, """
				finished_at = :now, lease_expires_at = NULL, next_attempt_at = NULL,
				  result_bucket = :bucket, result_key = :key, result_content_type = :contentType,
				  result_bytes = :bytes, result_width = :width, result_height = :height, result_sha256 = :sha256,
				  result_final_url = :finalUrl, result_http_status = :httpStatus, result_blocked_requests = :blocked,
				  result_title = :title, result_console_errors = :consoleErrors,
				  result_warnings = CAST(:warnings AS jsonb),
				  result_blocked_by_reason = CAST(:blockedByReason AS jsonb),
				  result_artifacts = CAST(:artifacts AS jsonb), result_comparison = CAST(:comparison AS jsonb),
				  error_code = NULL, error_message = NULL, error_step = NULL""", params);
	}

	/** The blocked requests by reason, reasons without any left out. */
	static Map<String, Integer> blockedByReason(PageFacts facts) {
		Map<String, Integer> reasons = new java.util.LinkedHashMap<>();
		if (facts.blockedByPolicy() > 0) {
			reasons.put("policy", facts.blockedByPolicy());
		}
		if (facts.blockedByOptions() > 0) {
			reasons.put("options", facts.blockedByOptions());
		}
		for (BlockList list : BlockList.values()) {
			int count = facts.blockedByLists().getOrDefault(list, 0);
			if (count > 0) {
				reasons.put(list.reason(), count);
			}
		}
		return reasons;
	}

	/**
	 * Puts a failed job back to {@code pending} until {@code delay} has passed, and parks
	 * its message in the retry queue of that delay.
	 * @param job the job
	 * @param from the status it failed in
	 * @param failure why
	 * @param delay the backoff
	 * @throws JobLostException if the job is not in {@code from} under this worker
	 */
	public void scheduleRetry(ClaimedJob job, JobStatus from, CaptureFailure failure, Duration delay) {
		this.transactions.executeWithoutResult((status) -> {
			move(job.id(), job.workerId(), from, JobStatus.PENDING, """
					lease_expires_at = NULL, next_attempt_at = now() + :delayMillis * interval '1 millisecond',
					  last_error_code = :code, last_error_message = :message,
					  first_failed_at = COALESCE(first_failed_at, :now), last_failed_at = :now""", Map.of("delayMillis",
					delay.toMillis(), "code", failure.code().name(), "message", failure.getMessage()));
			this.outbox
				.enqueue(CaptureMessages.retry(job.id(), Instant.now(), delay, Priority.of(job.priority()), this.json));
		});
	}

	/**
	 * Fails a job for good: records the error, indexes it as a dead letter, and sends its
	 * message to the dead-letter queue with the reason in its headers.
	 * @param jobId the job
	 * @param holder the worker holding it
	 * @param from the status it failed in
	 * @param failure why
	 * @throws JobLostException if the job is not in {@code from} under {@code holder}
	 */
	public void deadLetter(UUID jobId, String holder, JobStatus from, CaptureFailure failure) {
		this.transactions.executeWithoutResult((status) -> {
			move(jobId, holder, from, JobStatus.FAILED, """
					finished_at = :now, lease_expires_at = NULL, next_attempt_at = NULL,
					  error_code = :code, error_message = :message, error_step = :from,
					  last_error_code = :code, last_error_message = :message,
					  first_failed_at = COALESCE(first_failed_at, :now), last_failed_at = :now""",
					Map.of("code", failure.code().name(), "message", failure.getMessage(), "from", from.value()));
			FailureRecord record = this.jdbc
				.sql("SELECT attempts, first_failed_at, last_failed_at FROM screenshot_jobs WHERE id = :id")
				.param("id", jobId)
				.query((rs, n) -> new FailureRecord(rs.getInt("attempts"),
						rs.getObject("first_failed_at", OffsetDateTime.class),
						rs.getObject("last_failed_at", OffsetDateTime.class)))
				.single();
			OffsetDateTime first = record.firstFailedAt();
			OffsetDateTime last = record.lastFailedAt();
			int attempts = record.attempts();
			String reason = failure.code().name() + " in " + from.value() + ": " + failure.getMessage();
			this.jdbc.sql("""
					INSERT INTO dead_letters (job_id, reason, error_code, attempts, worker_id, first_failed_at,
					                          last_failed_at, dead_lettered_at)
					VALUES (:jobId, :reason, :code, :attempts, :worker, :first, :last, :now)
					ON CONFLICT (job_id) WHERE redriven_at IS NULL DO UPDATE
					SET reason = EXCLUDED.reason, error_code = EXCLUDED.error_code, attempts = EXCLUDED.attempts,
					    worker_id = EXCLUDED.worker_id, last_failed_at = EXCLUDED.last_failed_at,
					    dead_lettered_at = EXCLUDED.dead_lettered_at
					""")
				.param("jobId", jobId)
				.param("reason", reason)
				.param("code", failure.code().name())
				.param("attempts", attempts)
				.param("worker", this.worker.id())
				.param("first", first)
				.param("last", last)
				.param("now", now())
				.update();
			this.outbox.enqueue(CaptureMessages.deadLetter(jobId, Instant.now(),
					Map.of(CaptureTopology.REASON_HEADER, reason, CaptureTopology.ERROR_CODE_HEADER,
							failure.code().name(), CaptureTopology.ATTEMPTS_HEADER, String.valueOf(attempts),
							CaptureTopology.WORKER_HEADER, this.worker.id(), CaptureTopology.FIRST_FAILED_AT_HEADER,
							first.toString(), CaptureTopology.LAST_FAILED_AT_HEADER, last.toString()),
					this.json));
		});
	}

	/**
	 * Hands a running job back to the queue: {@code pending} again, with a fresh message.
	 * Used on shutdown for jobs that did not finish in time, and by the reaper for jobs
	 * of a lost worker.
	 * @param jobId the job
	 * @param holder the worker holding it
	 * @param from its current status
	 * @param reason the error to record as the last one, or {@code null} when it was not
	 * an error
	 * @return {@code false} when the job had already moved on (nothing was written)
	 */
	public boolean release(UUID jobId, String holder, JobStatus from, CaptureFailure reason) {
		Boolean released = this.transactions.execute((status) -> {
			try {
				Map<String, Object> params = new HashMap<>();
				params.put("code", (reason != null) ? reason.code().name() : null);
				params.put("message", (reason != null) ? reason.getMessage() : null);
				move(jobId, holder, from, JobStatus.PENDING, """
						lease_expires_at = NULL, next_attempt_at = NULL,
						  last_error_code = COALESCE(:code, last_error_code),
						  last_error_message = COALESCE(:message, last_error_message)""", params);
			}
			catch (JobLostException ex) {
				return false;
			}
			String priority = this.jdbc.sql("SELECT priority FROM screenshot_jobs WHERE id = :id")
				.param("id", jobId)
				.query(String.class)
				.single();
			this.outbox.enqueue(CaptureMessages.capture(jobId, Instant.now(), Priority.of(priority), this.json));
			return true;
		});
		return Boolean.TRUE.equals(released);
	}

	/**
	 * Renews the leases of the jobs this worker is running.
	 * @param jobIds the jobs in flight here
	 * @return the number of leases renewed
	 */
	public int renewLeases(List<UUID> jobIds) {
		if (jobIds.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("""
				UPDATE screenshot_jobs SET lease_expires_at = now() + :leaseMillis * interval '1 millisecond'
				WHERE id IN (:ids) AND worker_id = :worker AND status IN (%s)
				""".formatted(RUNNING))
			.param("leaseMillis", this.worker.lease().toMillis())
			.param("ids", jobIds)
			.param("worker", this.worker.id())
			.update();
	}

	/**
	 * Locks a batch of pending jobs that have waited for their message longer than
	 * {@code age}: due since then (published, released, or their retry due) with no
	 * message left unsent in the outbox. Rows another transaction holds are skipped.
	 * @param age how long they have waited at least
	 * @param limit how many at most
	 * @return the jobs and their priorities, the longest waiting first
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Map<UUID, String> lockOverduePending(Duration age, int limit) {
		Map<UUID, String> jobs = new java.util.LinkedHashMap<>();
		this.jdbc.sql("""
				SELECT j.id, j.priority FROM screenshot_jobs j
				WHERE j.pending_since < now() - :ageMillis * interval '1 millisecond'
				  AND NOT EXISTS (SELECT 1 FROM outbox_messages o WHERE o.job_id = j.id AND o.sent_at IS NULL)
				  AND GREATEST(j.updated_at, j.next_attempt_at,
				               (SELECT max(o.sent_at) FROM outbox_messages o WHERE o.job_id = j.id))
				      < now() - :ageMillis * interval '1 millisecond'
				ORDER BY j.pending_since LIMIT :limit FOR UPDATE OF j SKIP LOCKED
				""")
			.param("ageMillis", age.toMillis())
			.param("limit", limit)
			.query((rs, row) -> jobs.put(rs.getObject("id", UUID.class), rs.getString("priority")))
			.list();
		return jobs;
	}

	/**
	 * Publishes a pending job's message again (through the outbox, in the caller's
	 * transaction). A second message for a job that still had one is harmless: the
	 * conditional claim lets one of them run it.
	 * @param jobId the job
	 * @param priority its priority
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void republish(UUID jobId, String priority) {
		this.outbox.enqueue(CaptureMessages.capture(jobId, Instant.now(), Priority.of(priority), this.json));
	}

	/**
	 * How many jobs finished (any terminal status) in the last {@code window}.
	 * @param window the window
	 * @return the count
	 */
	public long finishedWithin(Duration window) {
		return this.jdbc.sql("""
				SELECT count(*) FROM screenshot_jobs
				WHERE finished_at > now() - :windowMillis * interval '1 millisecond' AND expired_at IS NULL
				  AND phase = 'finished'
				""").param("windowMillis", window.toMillis()).query(Long.class).single();
	}

	/**
	 * Takes the database-wide lock of a task that must run in one worker at a time, for
	 * the caller's transaction.
	 * @param task the task's name
	 * @return whether this transaction holds it (else another worker does)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean tryExclusive(String task) {
		return Boolean.TRUE.equals(this.jdbc.sql("SELECT pg_try_advisory_xact_lock(hashtext(:task))")
			.param("task", task)
			.query(Boolean.class)
			.single());
	}

	/**
	 * Locks a batch of running jobs whose lease ran out, for the reaper to hand back or
	 * dead-letter in the same transaction; rows another reaper holds are skipped.
	 * @param limit how many at most
	 * @return the jobs, the longest expired first
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public List<ExpiredLease> lockExpiredLeases(int limit) {
		return this.jdbc.sql("""
				SELECT id, status, worker_id, attempts, source_type, priority FROM screenshot_jobs
				WHERE phase = 'running' AND lease_expires_at < now()
				ORDER BY lease_expires_at LIMIT :limit FOR UPDATE SKIP LOCKED
				""")
			.param("limit", limit)
			.query((rs, row) -> new ExpiredLease(rs.getObject("id", UUID.class), JobStatus.of(rs.getString("status")),
					rs.getString("worker_id"), rs.getInt("attempts"), SourceType.of(rs.getString("source_type")),
					rs.getString("priority")))
			.list();
	}

	/**
	 * Locks a batch of jobs that finished longer than {@code ttl} ago and are not expired
	 * yet, for the retention sweeper to delete their files and then
	 * {@link #markExpired(List) mark them} in the same transaction; rows another sweeper
	 * holds are skipped.
	 * @param ttl how long a finished job keeps its files
	 * @param limit how many at most
	 * @return the jobs, the longest finished first
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public List<ExpiringJob> lockExpiring(Duration ttl, int limit) {
		return this.jdbc.sql("""
				SELECT id, result_bucket, result_key, source_prefix,
				       ARRAY(SELECT artifact->>'key' FROM jsonb_array_elements(result_artifacts) AS artifact
				             WHERE artifact->>'key' IS NOT NULL) AS artifact_keys
				FROM screenshot_jobs
				WHERE expired_at IS NULL AND phase = 'finished'
				  AND finished_at < now() - :ttlMillis * interval '1 millisecond'
				ORDER BY finished_at LIMIT :limit FOR UPDATE SKIP LOCKED
				""")
			.param("ttlMillis", ttl.toMillis())
			.param("limit", limit)
			.query((rs, row) -> new ExpiringJob(rs.getObject("id", UUID.class), rs.getString("result_bucket"),
					rs.getString("result_key"), rs.getString("source_prefix"),
					List.of((String[]) rs.getArray("artifact_keys").getArray())))
			.list();
	}

	/**
	 * Marks jobs expired: their image and uploaded files are deleted; the rows stay. Jobs
	 * answered from the cache with one of their images ({@code cached_from}) share it and
	 * expire with it.
	 * @param jobIds the jobs
	 */
	public void markExpired(List<UUID> jobIds) {
		if (!jobIds.isEmpty()) {
			this.jdbc.sql("""
					UPDATE screenshot_jobs SET expired_at = now()
					WHERE id IN (:ids) OR (cached_from IN (:ids) AND expired_at IS NULL)
					""").param("ids", jobIds).update();
		}
	}

	/**
	 * Records an unreadable work message in the dead-letter index (the broker routes the
	 * message itself to the dead-letter queue when the consumer rejects it).
	 * @param reason why it could not be read
	 * @param payload the raw message body
	 */
	public void recordUnreadableMessage(String reason, byte[] payload) {
		String preview = new String(payload, 0, Math.min(payload.length, 500), java.nio.charset.StandardCharsets.UTF_8);
		this.jdbc.sql("""
				INSERT INTO dead_letters (job_id, reason, error_code, attempts, worker_id, first_failed_at,
				                          last_failed_at, dead_lettered_at, payload_preview)
				VALUES (NULL, :reason, 'UNREADABLE_MESSAGE', 0, :worker, :now, :now, :now, :preview)
				""")
			.param("reason", reason)
			.param("worker", this.worker.id())
			.param("now", now())
			.param("preview", preview.replace('\u0000', '?'))
			.update();
	}

	private void move(UUID id, String holder, JobStatus from, JobStatus to, String set, Map<String, Object> params) {
		move(id, holder, from, to, set, params, now());
	}

	/** Moves a job {@code holder} holds, only from the status it last wrote. */
	private void move(UUID id, String holder, JobStatus from, JobStatus to, String set, Map<String, Object> params,
			OffsetDateTime at) {
		int moved = this.jdbc
			.sql(JobMove.to(to).from(from).set(set).where("worker_id = :worker").sql("SELECT count(*) FROM moved"))
			.params(params)
			.param("id", id)
			.param("worker", holder)
			.param("now", at)
			.query(Integer.class)
			.single();
		if (moved != 1) {
			throw new JobLostException(id, from);
		}
	}

	private record FailureRecord(int attempts, OffsetDateTime firstFailedAt, OffsetDateTime lastFailedAt) {
	}

	private static OffsetDateTime now() {
		return OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
	}

}
