package dev.screenshots.model.job;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.screenshots.model.job.JobStatus.CANCELLED;
import static dev.screenshots.model.job.JobStatus.CAPTURING;
import static dev.screenshots.model.job.JobStatus.COMPLETED;
import static dev.screenshots.model.job.JobStatus.CREATING_SANDBOX;
import static dev.screenshots.model.job.JobStatus.FAILED;
import static dev.screenshots.model.job.JobStatus.PENDING;
import static dev.screenshots.model.job.JobStatus.PROCESSING;
import static dev.screenshots.model.job.JobStatus.STORING;
import static dev.screenshots.model.job.JobStatus.SYNCING_FILES;
import static dev.screenshots.model.job.JobStatus.VALIDATING;

/**
 * The one table of allowed job status transitions.
 *
 * <pre>
 * success path:  pending → processing → validating → creating_sandbox → syncing_files → capturing → storing → completed
 * failure:       every non-terminal status → failed
 * cancellation:  every non-terminal status → cancelled
 * retry:         every running status (processing … storing) → pending   (retry after backoff, release on
 *                                                                          shutdown, takeover of a lost worker's job)
 * redrive:       failed → pending                                          (operator, from the dead-letter queue)
 * cache hit:     pending → completed                                       (api-service: the result of an identical
 *                                                                          completed job; the job is never queued)
 * </pre>
 */
public final class JobTransitions {

	/** The statuses a successful job passes through, in order. */
	public static final List<JobStatus> SUCCESS_PATH = List.of(PENDING, PROCESSING, VALIDATING, CREATING_SANDBOX,
			SYNCING_FILES, CAPTURING, STORING, COMPLETED);

	private static final Map<JobStatus, Set<JobStatus>> ALLOWED = new EnumMap<>(JobStatus.class);

	static {
		for (JobStatus status : JobStatus.values()) {
			ALLOWED.put(status, EnumSet.noneOf(JobStatus.class));
		}
		for (int i = 0; i + 1 < SUCCESS_PATH.size(); i++) {
			ALLOWED.get(SUCCESS_PATH.get(i)).add(SUCCESS_PATH.get(i + 1));
		}
		for (JobStatus status : JobStatus.values()) {
			if (!status.isTerminal()) {
				ALLOWED.get(status).add(FAILED);
				ALLOWED.get(status).add(CANCELLED);
			}
			if (status.isRunning()) {
				ALLOWED.get(status).add(PENDING);
			}
		}
		ALLOWED.get(FAILED).add(PENDING);
		ALLOWED.get(PENDING).add(COMPLETED);
	}

	private JobTransitions() {
	}

	/**
	 * Returns the statuses a job in {@code from} may move to.
	 * @param from the current status
	 * @return the allowed targets
	 */
	public static Set<JobStatus> targets(JobStatus from) {
		return Collections.unmodifiableSet(ALLOWED.get(from));
	}

	public static boolean isAllowed(JobStatus from, JobStatus to) {
		return ALLOWED.get(from).contains(to);
	}

	/**
	 * Checks a transition.
	 * @param from the current status
	 * @param to the requested status
	 * @throws IllegalJobStateChangeException if the table does not allow the move
	 */
	public static void check(JobStatus from, JobStatus to) {
		if (!isAllowed(from, to)) {
			throw new IllegalJobStateChangeException(from, to);
		}
	}

	/**
	 * Returns the status that follows {@code from} on the success path.
	 * @param from a status on the success path before completed
	 * @return the next status on the way to {@link JobStatus#COMPLETED}
	 * @throws IllegalJobStateChangeException if no status follows
	 */
	public static JobStatus next(JobStatus from) {
		int index = SUCCESS_PATH.indexOf(from);
		if (index < 0 || index + 1 >= SUCCESS_PATH.size()) {
			throw new IllegalJobStateChangeException(from, null);
		}
		return SUCCESS_PATH.get(index + 1);
	}

	/**
	 * The statuses in which a worker holds a job, as SQL literals for {@code IN (…)}
	 * clauses.
	 * @return e.g. {@code 'processing','validating',…}
	 */
	public static String runningStatusesSql() {
		StringBuilder sql = new StringBuilder();
		for (JobStatus status : JobStatus.values()) {
			if (status.isRunning()) {
				sql.append(sql.isEmpty() ? "" : ",").append('\'').append(status.value()).append('\'');
			}
		}
		return sql.toString();
	}

}
