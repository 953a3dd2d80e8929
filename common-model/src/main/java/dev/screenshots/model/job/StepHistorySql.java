package dev.screenshots.model.job;

/**
 * The SQL that records a transition in the step history, shared by every service that
 * moves jobs.
 *
 * <p>
 * Append {@link #AFTER_MOVED} to a
 * {@code WITH moved AS (UPDATE screenshot_jobs … RETURNING id,
 * attempts)} clause: it closes the job's open step with its duration and opens one for
 * the new status ({@code :to}), at {@code :now}, only if {@code moved} changed the row.
 * Data-modifying CTEs all see the snapshot from before the statement, so the new step is
 * not closed by the same statement.
 */
public final class StepHistorySql {

	/** Needs the parameters {@code :id}, {@code :to} and {@code :now}. */
	public static final String AFTER_MOVED = """
			, closed AS (
			    UPDATE job_steps SET duration_ms = GREATEST(0, ROUND(EXTRACT(EPOCH FROM (:now - entered_at)) * 1000))
			    WHERE job_id = :id AND duration_ms IS NULL AND EXISTS (SELECT 1 FROM moved))
			, entered AS (
			    INSERT INTO job_steps (job_id, status, attempt, entered_at)
			    SELECT id, :to, attempts, :now FROM moved)
			""";

	private StepHistorySql() {
	}

}
