package dev.screenshots.worker.pipeline;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.screenshots.model.capture.CaptureOptions;
import dev.screenshots.model.job.JobStatus;
import dev.screenshots.model.job.JobTransitions;
import dev.screenshots.worker.CaptureFailure;

/**
 * Every write the worker makes to a job. Each one is a single statement: the job row
 * changes only if it is still in the status (and held by the worker) this worker expects,
 * the step history gets the new status, and the previous step its duration, all
 * atomically.
 */
@Repository
public class JobStateStore {

	/**
	 * Closes the open step of a job whose row the {@code moved} CTE changed, and opens
	 * the next one. Data-modifying CTEs all see the snapshot from before the statement,
	 * so the new step is not closed by the same statement.
	 */
	private static final String STEP_HISTORY = """
			, closed AS (
			    UPDATE job_steps SET duration_ms = GREATEST(0, ROUND(EXTRACT(EPOCH FROM (:now - entered_at)) * 1000))
			    WHERE job_id = :id AND duration_ms IS NULL AND EXISTS (SELECT 1 FROM moved))
			, entered AS (
			    INSERT INTO job_steps (job_id, status, attempt, entered_at)
			    SELECT id, :to, attempts, :now FROM moved)
			""";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	public JobStateStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Claims a pending job for this worker: {@code pending → processing}, one more
	 * attempt.
	 * @param jobId the job
	 * @param workerId this worker
	 * @return the claimed job, or empty when the job is not pending (already claimed,
	 * finished or unknown)
	 */
	public Optional<ClaimedJob> claim(UUID jobId, String workerId) {
		return this.jdbc.sql("""
				WITH moved AS (
				    UPDATE screenshot_jobs
				    SET status = 'processing', attempts = attempts + 1, worker_id = :worker,
				        started_at = COALESCE(started_at, :now), updated_at = :now
				    WHERE id = :id AND status = 'pending'
				    RETURNING id, source_url, options, attempts, created_at)
				""" + STEP_HISTORY + """
				SELECT id, source_url, options::text AS options, attempts, created_at FROM moved
				""")
			.param("id", jobId)
			.param("worker", workerId)
			.param("to", JobStatus.PROCESSING.value())
			.param("now", now())
			.query((rs, row) -> new ClaimedJob(rs.getObject("id", UUID.class), rs.getString("source_url"),
					this.json.readValue(rs.getString("options"), CaptureOptions.class), rs.getInt("attempts"),
					rs.getObject("created_at", OffsetDateTime.class).toInstant(), workerId))
			.optional();
	}

	/**
	 * Moves a job this worker holds from one running status to the next.
	 * @param job the job
	 * @param from its current status
	 * @param to the next status
	 * @throws JobLostException if the job is not in {@code from} under this worker
	 */
	public void advance(ClaimedJob job, JobStatus from, JobStatus to) {
		JobTransitions.check(from, to);
		int moved = this.jdbc.sql("""
				WITH moved AS (
				    UPDATE screenshot_jobs SET status = :to, updated_at = :now
				    WHERE id = :id AND status = :from AND worker_id = :worker
				    RETURNING id, attempts)
				""" + STEP_HISTORY + "SELECT count(*) FROM moved")
			.param("id", job.id())
			.param("worker", job.workerId())
			.param("from", from.value())
			.param("to", to.value())
			.param("now", now())
			.query(Integer.class)
			.single();
		if (moved != 1) {
			throw new JobLostException(job.id(), from);
		}
	}

	/**
	 * Finishes a job with its stored image.
	 * @param job the job
	 * @param from its current status
	 * @param image the stored image
	 * @throws JobLostException if the job is not in {@code from} under this worker
	 */
	public void complete(ClaimedJob job, JobStatus from, StoredImage image) {
		JobTransitions.check(from, JobStatus.COMPLETED);
		int moved = this.jdbc.sql("""
				WITH moved AS (
				    UPDATE screenshot_jobs
				    SET status = :to, updated_at = :now, finished_at = :now,
				        result_bucket = :bucket, result_key = :key, result_content_type = :contentType,
				        result_bytes = :bytes, result_width = :width, result_height = :height, result_sha256 = :sha256,
				        error_code = NULL, error_message = NULL, error_step = NULL
				    WHERE id = :id AND status = :from AND worker_id = :worker
				    RETURNING id, attempts)
				""" + STEP_HISTORY + "SELECT count(*) FROM moved")
			.param("id", job.id())
			.param("worker", job.workerId())
			.param("from", from.value())
			.param("to", JobStatus.COMPLETED.value())
			.param("now", now())
			.param("bucket", image.bucket())
			.param("key", image.key())
			.param("contentType", image.contentType())
			.param("bytes", image.bytes())
			.param("width", image.width())
			.param("height", image.height())
			.param("sha256", image.sha256())
			.query(Integer.class)
			.single();
		if (moved != 1) {
			throw new JobLostException(job.id(), from);
		}
	}

	/**
	 * Finishes a job with an error.
	 * @param job the job
	 * @param from the status it failed in
	 * @param failure the reason
	 * @throws JobLostException if the job is not in {@code from} under this worker
	 */
	public void fail(ClaimedJob job, JobStatus from, CaptureFailure failure) {
		JobTransitions.check(from, JobStatus.FAILED);
		int moved = this.jdbc.sql("""
				WITH moved AS (
				    UPDATE screenshot_jobs
				    SET status = :to, updated_at = :now, finished_at = :now,
				        error_code = :code, error_message = :message, error_step = :from
				    WHERE id = :id AND status = :from AND worker_id = :worker
				    RETURNING id, attempts)
				""" + STEP_HISTORY + "SELECT count(*) FROM moved")
			.param("id", job.id())
			.param("worker", job.workerId())
			.param("from", from.value())
			.param("to", JobStatus.FAILED.value())
			.param("now", now())
			.param("code", failure.code().name())
			.param("message", failure.getMessage())
			.query(Integer.class)
			.single();
		if (moved != 1) {
			throw new JobLostException(job.id(), from);
		}
	}

	private static OffsetDateTime now() {
		return OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
	}

}
