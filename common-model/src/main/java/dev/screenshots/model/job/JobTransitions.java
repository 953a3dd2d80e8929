package dev.screenshots.model.job;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

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
 * pending → processing → validating → creating_sandbox → syncing_files → capturing → storing → completed
 * every non-terminal status → failed
 * </pre>
 */
public final class JobTransitions {

	private static final Map<JobStatus, Set<JobStatus>> ALLOWED = new EnumMap<>(JobStatus.class);

	static {
		allow(PENDING, PROCESSING, FAILED);
		allow(PROCESSING, VALIDATING, FAILED);
		allow(VALIDATING, CREATING_SANDBOX, FAILED);
		allow(CREATING_SANDBOX, SYNCING_FILES, FAILED);
		allow(SYNCING_FILES, CAPTURING, FAILED);
		allow(CAPTURING, STORING, FAILED);
		allow(STORING, COMPLETED, FAILED);
		allow(COMPLETED);
		allow(FAILED);
	}

	private JobTransitions() {
	}

	private static void allow(JobStatus from, JobStatus... to) {
		ALLOWED.put(from, to.length == 0 ? EnumSet.noneOf(JobStatus.class) : EnumSet.of(to[0], to));
	}

	/**
	 * Returns the statuses a job in {@code from} may move to.
	 * @param from the current status
	 * @return the allowed targets, empty for a terminal status
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
	 * @param from a non-terminal status
	 * @return the next status on the way to {@link JobStatus#COMPLETED}
	 * @throws IllegalJobStateChangeException if {@code from} is terminal
	 */
	public static JobStatus next(JobStatus from) {
		return ALLOWED.get(from)
			.stream()
			.filter((target) -> target != FAILED)
			.findFirst()
			.orElseThrow(() -> new IllegalJobStateChangeException(from, null));
	}

}
