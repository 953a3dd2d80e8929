package dev.screenshots.api.events;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.screenshots.model.job.JobStatus;

/**
 * Reads a job's transitions from its step history.
 */
@Repository
public class JobEvents {

	private final JdbcClient jdbc;

	JobEvents(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Whether the tenant has the job.
	 * @param jobId the job
	 * @param tenant the tenant
	 * @return whether it exists and belongs to the tenant
	 */
	public boolean exists(UUID jobId, String tenant) {
		return this.jdbc.sql("SELECT count(*) FROM screenshot_jobs WHERE id = :id AND tenant = :tenant")
			.param("id", jobId)
			.param("tenant", tenant)
			.query(Integer.class)
			.single() > 0;
	}

	/**
	 * The job's transitions after a given event, oldest first.
	 * @param jobId the job
	 * @param afterId the last event id the client has, or 0 for all
	 * @return the events
	 */
	public List<JobEvent> after(UUID jobId, long afterId) {
		return this.jdbc.sql("""
				SELECT * FROM (
				    SELECT id, status, attempt, entered_at,
				           lag(status) OVER (ORDER BY id) AS previous_status,
				           lag(duration_ms) OVER (ORDER BY id) AS previous_ms
				    FROM job_steps WHERE job_id = :id) steps
				WHERE id > :after ORDER BY id
				""").param("id", jobId).param("after", afterId).query((rs, row) -> {
			String previous = rs.getString("previous_status");
			Number previousMs = (Number) rs.getObject("previous_ms");
			return new JobEvent(rs.getLong("id"), jobId, JobStatus.of(rs.getString("status")), rs.getInt("attempt"),
					rs.getObject("entered_at", OffsetDateTime.class).toInstant(),
					(previous != null) ? JobStatus.of(previous) : null,
					(previousMs != null) ? previousMs.longValue() : null);
		}).list();
	}

}
