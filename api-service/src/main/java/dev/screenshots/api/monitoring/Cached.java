package dev.screenshots.api.monitoring;

import java.time.Duration;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reading that is taken at most once per period, so that several gauges and several
 * scrapes share one round trip. A failed reading keeps the last good one out of the way:
 * the gauges show nothing rather than stale numbers.
 *
 * @param <T> the reading
 */
final class Cached<T> {

	private static final Logger log = LoggerFactory.getLogger(Cached.class);

	private final Supplier<T> reader;

	private final long periodNanos;

	private T value;

	private long readAt;

	Cached(Supplier<T> reader, Duration period) {
		this.reader = reader;
		this.periodNanos = period.toNanos();
	}

	/**
	 * The current reading.
	 * @return the reading, or {@code null} when it could not be taken
	 */
	synchronized T get() {
		long now = System.nanoTime();
		if (this.value == null || now - this.readAt >= this.periodNanos) {
			try {
				this.value = this.reader.get();
			}
			catch (RuntimeException ex) {
				log.debug("Reading for a gauge failed: {}", ex.toString());
				this.value = null;
			}
			this.readAt = now;
		}
		return this.value;
	}

}
