package dev.screenshots.model.job;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A guarded status change of one job, as the one SQL statement every service that moves
 * jobs runs: the row moves to the target status only while it is in a status
 * {@link JobTransitions} allows the move from, and in the same statement the target
 * status gets a new step. The step the job leaves is not written: its duration is the
 * time until the next step was entered, which the view {@code job_step_history} derives
 * when the history is read (migration V21), so a move writes two rows, not three. The
 * {@code status IN (…)} guard is derived from the table, so the SQL cannot allow a move
 * the table does not.
 *
 * <p>
 * Immutable; build one per kind of move and keep its {@link #sql(String) SQL}. The
 * statement needs the parameters {@code :id} (the job) and {@code :now} (when it moved),
 * plus those of the caller's additions. The target status is written into the SQL, not
 * bound, so it cannot differ from the one the guard was derived for.
 */
public final class JobMove {

	private final JobStatus to;

	private final Set<JobStatus> from;

	private final String set;

	private final String where;

	private final String takeOver;

	private final String returning;

	private JobMove(JobStatus to, Set<JobStatus> from, String set, String where, String takeOver, String returning) {
		this.to = to;
		this.from = from;
		this.set = set;
		this.where = where;
		this.takeOver = takeOver;
		this.returning = returning;
	}

	/**
	 * A move to {@code to} from every status the table allows it from.
	 * @param to the target status
	 * @return the move
	 */
	public static JobMove to(JobStatus to) {
		Set<JobStatus> from = EnumSet.noneOf(JobStatus.class);
		for (JobStatus status : JobStatus.values()) {
			if (JobTransitions.isAllowed(status, to)) {
				from.add(status);
			}
		}
		if (from.isEmpty()) {
			throw new IllegalArgumentException("No status may move to " + to.value());
		}
		return new JobMove(to, from, null, null, null, null);
	}

	/**
	 * Narrows the move to jobs in some of the statuses it is allowed from, e.g. the one
	 * status a worker last wrote.
	 * @param statuses the statuses to move from
	 * @return the narrowed move
	 * @throws IllegalJobStateChangeException if the table does not allow the move from
	 * one of them
	 */
	public JobMove from(JobStatus... statuses) {
		if (statuses.length == 0) {
			throw new IllegalArgumentException("A move needs a status to move from");
		}
		Set<JobStatus> narrowed = EnumSet.noneOf(JobStatus.class);
		for (JobStatus status : statuses) {
			if (!this.from.contains(status)) {
				throw new IllegalJobStateChangeException(status, this.to);
			}
			narrowed.add(status);
		}
		return new JobMove(this.to, narrowed, this.set, this.where, this.takeOver, this.returning);
	}

	/**
	 * Adds assignments to the {@code SET} clause, after {@code status} and
	 * {@code updated_at}.
	 * @param assignments e.g. {@code "finished_at = :now, lease_expires_at = NULL"}
	 * @return the move
	 */
	public JobMove set(String assignments) {
		return new JobMove(this.to, this.from, assignments, this.where, this.takeOver, this.returning);
	}

	/**
	 * Adds a condition the job must meet besides its status, e.g. who holds it.
	 * @param condition e.g. {@code "worker_id = :worker"}
	 * @return the move
	 */
	public JobMove where(String condition) {
		return new JobMove(this.to, this.from, this.set, condition, this.takeOver, this.returning);
	}

	/**
	 * Also moves a job a worker holds (a running status) when {@code condition} holds,
	 * e.g. its lease ran out. The table has no direct move from a running status to
	 * {@code to}: a takeover is the hand-back ({@code running → pending}) and the move
	 * from {@code pending} in one statement, so the table must allow both, and the step
	 * history records only {@code to}. {@link #where(String)} does not apply to these
	 * jobs.
	 * @param condition e.g. {@code "lease_expires_at < now()"}
	 * @return the move
	 * @throws IllegalJobStateChangeException if the table does not allow the move from
	 * {@code pending} to the target
	 */
	public JobMove orTakeOver(String condition) {
		JobTransitions.check(JobStatus.PENDING, this.to);
		return new JobMove(this.to, this.from, this.set, this.where, condition, this.returning);
	}

	/**
	 * Adds columns to what {@code moved} returns, for the final {@code SELECT}.
	 * @param columns e.g. {@code "priority"}
	 * @return the move
	 */
	public JobMove returning(String columns) {
		return new JobMove(this.to, this.from, this.set, this.where, this.takeOver, columns);
	}

	/**
	 * The status the job moves to.
	 * @return the target
	 */
	public JobStatus target() {
		return this.to;
	}

	/**
	 * The statuses the job is moved from (taken-over jobs aside).
	 * @return the statuses of the guard
	 */
	public Set<JobStatus> sources() {
		return Collections.unmodifiableSet(this.from);
	}

	/**
	 * The statuses a takeover moves from: every running status that may be handed back.
	 * @return the running statuses, or none without {@link #orTakeOver(String)}
	 */
	public Set<JobStatus> takenOver() {
		Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
		if (this.takeOver != null) {
			for (JobStatus status : JobStatus.values()) {
				if (status.isRunning() && JobTransitions.isAllowed(status, JobStatus.PENDING)) {
					statuses.add(status);
				}
			}
		}
		return statuses;
	}

	/**
	 * The statement: {@code moved} (the guarded update, returning at least {@code id} and
	 * {@code attempts}), the step history, then {@code select}.
	 * @param select what the statement answers, e.g. {@code "SELECT count(*) FROM moved"}
	 * @return the SQL
	 */
	public String sql(String select) {
		String guard = "status IN (" + literals(this.from) + ")";
		if (this.where != null) {
			guard += " AND (" + this.where + ")";
		}
		if (this.takeOver != null) {
			guard = "((" + guard + ") OR (status IN (" + literals(takenOver()) + ") AND (" + this.takeOver + ")))";
		}
		String target = literal(this.to);
		return """
				WITH moved AS (
				    UPDATE screenshot_jobs SET status = %s, updated_at = :now%s
				    WHERE id = :id AND %s
				    RETURNING id, attempts%s)
				, entered AS (
				    INSERT INTO job_steps (job_id, status, attempt, entered_at)
				    SELECT id, %s, attempts, :now FROM moved)
				""".formatted(target, (this.set != null) ? ", " + this.set : "", guard,
				(this.returning != null) ? ", " + this.returning : "", target) + select;
	}

	/**
	 * Statuses as SQL string literals, for an {@code IN (…)} list.
	 * @param statuses the statuses
	 * @return e.g. {@code 'pending', 'processing'}, in the order of {@link JobStatus}
	 */
	public static String literals(Collection<JobStatus> statuses) {
		if (statuses.isEmpty()) {
			throw new IllegalArgumentException("An IN list needs a status");
		}
		return EnumSet.copyOf(statuses).stream().map(JobMove::literal).collect(Collectors.joining(", "));
	}

	private static String literal(JobStatus status) {
		return "'" + status.value() + "'";
	}

}
