package dev.screenshots.api.schedules;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code schedules} and {@code schedule_runs} tables.
 */
@Repository
class Schedules {

	private final JdbcClient jdbc;

	Schedules(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(Schedule schedule) {
		this.jdbc.sql("""
				INSERT INTO schedules (id, tenant, api_key_id, name, cron, time_zone, request, compare, notify, paused,
				                       next_run_at, created_at, updated_at)
				VALUES (:id, :tenant, :key, :name, :cron, :zone, CAST(:request AS jsonb), CAST(:compare AS jsonb),
				        CAST(:notify AS jsonb), :paused, :next, :now, :now)
				""")
			.param("id", schedule.id())
			.param("tenant", schedule.tenant())
			.param("key", schedule.apiKeyId())
			.param("name", schedule.name())
			.param("cron", schedule.cron())
			.param("zone", schedule.timeZone())
			.param("request", schedule.request())
			.param("compare", schedule.compare())
			.param("notify", schedule.notification())
			.param("paused", schedule.paused())
			.param("next", utc(schedule.nextRunAt()))
			.param("now", utc(schedule.createdAt()))
			.update();
	}

	Optional<Schedule> find(UUID id, String tenant) {
		return this.jdbc.sql("SELECT * FROM schedules WHERE id = :id AND tenant = :tenant")
			.param("id", id)
			.param("tenant", tenant)
			.query(Schedules::schedule)
			.optional();
	}

	List<Schedule> list(String tenant) {
		return this.jdbc.sql("SELECT * FROM schedules WHERE tenant = :tenant ORDER BY created_at")
			.param("tenant", tenant)
			.query(Schedules::schedule)
			.list();
	}

	int count(String tenant) {
		return this.jdbc.sql("SELECT count(*) FROM schedules WHERE tenant = :tenant")
			.param("tenant", tenant)
			.query(Integer.class)
			.single();
	}

	void update(Schedule schedule) {
		this.jdbc.sql("""
				UPDATE schedules SET name = :name, cron = :cron, time_zone = :zone, request = CAST(:request AS jsonb),
				       compare = CAST(:compare AS jsonb), notify = CAST(:notify AS jsonb), paused = :paused,
				       paused_reason = :reason, next_run_at = :next, updated_at = now()
				WHERE id = :id
				""")
			.param("id", schedule.id())
			.param("name", schedule.name())
			.param("cron", schedule.cron())
			.param("zone", schedule.timeZone())
			.param("request", schedule.request())
			.param("compare", schedule.compare())
			.param("notify", schedule.notification())
			.param("paused", schedule.paused())
			.param("reason", schedule.pausedReason())
			.param("next", utc(schedule.nextRunAt()))
			.update();
	}

	boolean delete(UUID id, String tenant) {
		return this.jdbc.sql("DELETE FROM schedules WHERE id = :id AND tenant = :tenant")
			.param("id", id)
			.param("tenant", tenant)
			.update() > 0;
	}

	/**
	 * Locks the schedule that is due longest, skipping those another instance holds.
	 * @return the schedule, or empty when none is due
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	Optional<Schedule> lockDue() {
		return this.jdbc.sql("""
				SELECT * FROM schedules WHERE NOT paused AND next_run_at <= now()
				ORDER BY next_run_at LIMIT 1 FOR UPDATE SKIP LOCKED
				""").query(Schedules::schedule).optional();
	}

	/**
	 * Claims a due run and moves the schedule to its next run.
	 * @param schedule the locked schedule
	 * @param next its next run time, or {@code null} when it never runs again
	 * @return whether the run was claimed; {@code false} when this slot's run exists
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	boolean claimRun(Schedule schedule, Instant next) {
		int claimed = this.jdbc.sql("""
				INSERT INTO schedule_runs (schedule_id, due_at, started_at)
				VALUES (:id, :due, now()) ON CONFLICT DO NOTHING
				""").param("id", schedule.id()).param("due", utc(schedule.nextRunAt())).update();
		this.jdbc.sql("UPDATE schedules SET next_run_at = :next, last_run_at = :due WHERE id = :id")
			.param("id", schedule.id())
			.param("next", utc(next))
			.param("due", utc(schedule.nextRunAt()))
			.update();
		return claimed > 0;
	}

	/**
	 * Records what a claimed run made.
	 * @param schedule the schedule, as locked
	 * @param jobId the run's job, or {@code null} when none was made
	 * @param errorCode why none was made, or {@code null}
	 * @param errorMessage what happened, or {@code null}
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void recordRun(Schedule schedule, UUID jobId, String errorCode, String errorMessage) {
		this.jdbc.sql("""
				UPDATE schedule_runs SET job_id = :job, error_code = :code, error_message = :message
				WHERE schedule_id = :id AND due_at = :due
				""")
			.param("id", schedule.id())
			.param("due", utc(schedule.nextRunAt()))
			.param("job", jobId)
			.param("code", errorCode)
			.param("message",
					(errorMessage != null && errorMessage.length() > 1000) ? errorMessage.substring(0, 1000)
							: errorMessage)
			.update();
	}

	/**
	 * Puts off a schedule whose run failed.
	 * @param id the schedule
	 * @param delay how long from now
	 */
	void defer(UUID id, java.time.Duration delay) {
		this.jdbc.sql("""
				UPDATE schedules SET next_run_at = now() + :millis * interval '1 millisecond'
				WHERE id = :id AND NOT paused
				""").param("id", id).param("millis", delay.toMillis()).update();
	}

	/**
	 * Pauses a schedule the service cannot run (its key was revoked).
	 * @param id the schedule
	 * @param reason why
	 */
	void pause(UUID id, String reason) {
		this.jdbc.sql("UPDATE schedules SET paused = true, paused_reason = :reason, next_run_at = NULL WHERE id = :id")
			.param("id", id)
			.param("reason", reason)
			.update();
	}

	/**
	 * A schedule's runs, the newest first, with what their jobs show.
	 * @param id the schedule
	 * @param limit how many at most
	 * @return the runs
	 */
	List<Run> runs(UUID id, int limit) {
		return this.jdbc.sql("""
				SELECT r.due_at, r.started_at, r.job_id, r.error_code, r.error_message, j.status,
				       j.result_comparison::text AS comparison, j.error_code AS job_error_code
				FROM schedule_runs r LEFT JOIN screenshot_jobs j ON j.id = r.job_id
				WHERE r.schedule_id = :id ORDER BY r.due_at DESC LIMIT :limit
				""")
			.param("id", id)
			.param("limit", limit)
			.query((rs, row) -> new Run(instant(rs, "due_at"), instant(rs, "started_at"),
					rs.getObject("job_id", UUID.class), rs.getString("status"), rs.getString("comparison"),
					(rs.getString("error_code") != null) ? rs.getString("error_code") : rs.getString("job_error_code"),
					rs.getString("error_message")))
			.list();
	}

	/**
	 * One run.
	 *
	 * @param dueAt the slot it ran for
	 * @param startedAt when its job was made
	 * @param jobId its job, or {@code null} when none was made
	 * @param jobStatus the job's status
	 * @param comparison the job's {@code result.comparison} as JSON, or {@code null}
	 * @param errorCode why no job was made, or why the job failed
	 * @param errorMessage what happened when no job was made
	 */
	record Run(Instant dueAt, Instant startedAt, UUID jobId, String jobStatus, String comparison, String errorCode,
			String errorMessage) {
	}

	private static Schedule schedule(ResultSet rs, int row) throws SQLException {
		return new Schedule(rs.getObject("id", UUID.class), rs.getString("tenant"),
				rs.getObject("api_key_id", UUID.class), rs.getString("name"), rs.getString("cron"),
				rs.getString("time_zone"), rs.getString("request"), rs.getString("compare"), rs.getString("notify"),
				rs.getBoolean("paused"), rs.getString("paused_reason"), instant(rs, "next_run_at"),
				instant(rs, "last_run_at"), instant(rs, "created_at"), instant(rs, "updated_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
		return (time != null) ? time.toInstant() : null;
	}

	private static OffsetDateTime utc(Instant instant) {
		return (instant != null) ? OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC)
				: null;
	}

}
