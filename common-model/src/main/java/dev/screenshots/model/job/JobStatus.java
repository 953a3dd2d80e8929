package dev.screenshots.model.job;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The status of a screenshot job. The allowed moves between statuses are defined in
 * {@link JobTransitions}, and nowhere else.
 *
 * <p>
 * The wire and database form is the lower-case {@link #value()}, e.g.
 * {@code creating_sandbox}.
 */
public enum JobStatus {

	/** Accepted and waiting for a worker. */
	PENDING,
	/** Claimed by a worker. */
	PROCESSING,
	/** The worker re-checks the request before spending a browser on it. */
	VALIDATING,
	/** A fresh, isolated browser context and page are being prepared. */
	CREATING_SANDBOX,
	/** The content is loaded into the sandbox (navigation and waiting). */
	SYNCING_FILES,
	/** The image is being rendered. */
	CAPTURING,
	/** The image is being uploaded and the result recorded. */
	STORING,
	/** Finished with a stored image. Terminal. */
	COMPLETED,
	/**
	 * Finished without an image; the job carries an error code. Terminal, unless an
	 * operator redrives it from the dead-letter queue.
	 */
	FAILED,
	/** Cancelled by the client before it finished. Terminal. */
	CANCELLED;

	private final String value = name().toLowerCase(Locale.ROOT);

	@JsonValue
	public String value() {
		return this.value;
	}

	/**
	 * Whether the job reached an outcome: no worker acts on it any more.
	 * @return {@code true} for completed, failed and cancelled
	 */
	public boolean isTerminal() {
		return this == COMPLETED || this == FAILED || this == CANCELLED;
	}

	/**
	 * Whether a worker holds the job: the statuses between the claim and the outcome.
	 * @return {@code true} for processing … storing
	 */
	public boolean isRunning() {
		return !isTerminal() && this != PENDING;
	}

	/**
	 * Parses the wire form, case-insensitively.
	 * @param value a status such as {@code "capturing"}
	 * @return the status
	 * @throws IllegalArgumentException if the value names no status
	 */
	@JsonCreator
	public static JobStatus of(String value) {
		for (JobStatus status : values()) {
			if (status.value.equalsIgnoreCase(value)) {
				return status;
			}
		}
		throw new IllegalArgumentException("Unknown job status '" + value + "'");
	}

}
