package dev.screenshots.model.job;

/**
 * Thrown when code asks for a status change that {@link JobTransitions} does not allow.
 */
public class IllegalJobStateChangeException extends IllegalStateException {

	private final JobStatus from;

	private final JobStatus to;

	public IllegalJobStateChangeException(JobStatus from, JobStatus to) {
		super((to != null) ? "Illegal job status change " + from.value() + " → " + to.value()
				: "No status follows " + from.value());
		this.from = from;
		this.to = to;
	}

	public JobStatus from() {
		return this.from;
	}

	public JobStatus to() {
		return this.to;
	}

}
