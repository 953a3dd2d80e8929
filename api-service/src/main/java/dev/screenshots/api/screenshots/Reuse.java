package dev.screenshots.api.screenshots;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A request's permission to get an identical request's job instead of a new capture (the
 * result cache): identical means the same tenant, normalised URL (or the same files) and
 * applied options.
 *
 * @param ttl how old a completed job may be and still be used
 * @param failedTtl how old a failed job may be and still be answered (so that a broken
 * render link embedded in a busy page does not capture on every view);
 * {@link Duration#ZERO} for never
 * @param refresh pass over finished jobs: capture again unless one is running
 * @param attachToRunning whether an identical job still running is shared (single
 * flight); not for a request with a webhook of its own, which that job would not call
 * @param ownJob whether a cache hit is answered with a job of its own, completed at once
 * with the cached result ({@code POST /screenshots}, so each request has its id, webhook
 * and history), or with the cached job itself (render links, which create nothing on a
 * hit)
 */
public record Reuse(Duration ttl, Duration failedTtl, boolean refresh, boolean attachToRunning, boolean ownJob) {

	/**
	 * How a submit that allowed reuse was answered.
	 */
	public enum Outcome {

		/** Nothing to reuse: a new job. */
		NEW("miss"),
		/** An identical job was still running: the request attached to it. */
		ATTACHED("coalesced"),
		/** An identical job had finished within the time to live: its result. */
		CACHED("hit");

		private final String metric;

		Outcome(String metric) {
			this.metric = metric;
		}

		/**
		 * Counts a request that allowed reuse.
		 * @param meters the registry
		 * @param entry {@code submit} or {@code render}
		 */
		public void count(MeterRegistry meters, String entry) {
			Counter.builder("screenshots.cache.requests")
				.description("Requests that allowed reuse, by entry (submit, render) and outcome: hit (an earlier "
						+ "capture), coalesced (attached to a running one), miss (a new capture)")
				.tag("entry", entry)
				.tag("outcome", this.metric)
				.register(meters)
				.increment();
		}

	}

}
