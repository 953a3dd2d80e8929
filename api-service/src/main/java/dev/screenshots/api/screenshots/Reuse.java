package dev.screenshots.api.screenshots;

import java.time.Duration;

/**
 * A request's permission to get an identical request's job instead of a new capture (the
 * result cache of render links): identical means the same tenant, normalised URL (or the
 * same files) and applied options. A job still running is always shared (single flight);
 * a finished one only when young enough.
 *
 * @param ttl how old a completed job may be and still be used
 * @param failedTtl how old a failed job may be and still be answered (so that a broken
 * link embedded in a busy page does not capture on every view); {@link Duration#ZERO} for
 * never
 * @param refresh pass over finished jobs: capture again unless one is running
 */
public record Reuse(Duration ttl, Duration failedTtl, boolean refresh) {

	/**
	 * How a submit that allowed reuse was answered.
	 */
	public enum Outcome {

		/** Nothing to reuse: a new job. */
		NEW,
		/** An identical job was still running: the request attached to it. */
		ATTACHED,
		/** An identical job had finished within the time to live: its result. */
		CACHED

	}

}
