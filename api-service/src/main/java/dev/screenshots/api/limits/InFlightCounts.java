package dev.screenshots.api.limits;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Each key's unfinished jobs, as far as this instance needs to know them for the
 * in-flight cap, without counting them in the database on every submit (a count reads
 * every unfinished job of the key, so a busy key's submits would each read thousands of
 * rows).
 *
 * <p>
 * The database is counted when a key is first seen, again {@link #RECOUNT_AFTER} later,
 * and whenever the count so far plus this instance's submits since would reach the cap.
 * So a submit is refused only on a fresh count, and on one instance a key stays within
 * its cap as it did when every submit counted (jobs that finish meanwhile only lower the
 * real count; as before, submits that race each other at the cap may both pass). What an
 * instance cannot see are other instances' submits since its last count: with {@code n}
 * instances, a key can exceed its cap by at most what the other {@code n - 1} accepted
 * for it within {@link #RECOUNT_AFTER}, which the key's rate limit bounds (per instance,
 * its burst plus 100 ms of its rate).
 *
 * <p>
 * Why not a library: Bucket4j, which keeps the rate, limits what is taken over time, not
 * how many things are open at once; and the truth about a key's open jobs is their rows,
 * which end on their own as workers finish them. This class only decides when to count
 * them.
 */
final class InFlightCounts {

	/** How long a count is trusted while the key stays clear of its cap. */
	static final Duration RECOUNT_AFTER = Duration.ofMillis(100);

	private final LongSupplier nanoTime;

	private final Map<UUID, Count> counts = new ConcurrentHashMap<>();

	InFlightCounts(LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
	}

	/**
	 * Takes one of the key's in-flight places.
	 * @param key the key
	 * @param cap its cap
	 * @param counter counts the key's unfinished jobs in the database, up to the cap
	 * @return whether the key had a place left
	 */
	boolean tryTake(UUID key, int cap, LongSupplier counter) {
		Count count = this.counts.get(key);
		long now = this.nanoTime.getAsLong();
		if (count != null && now - count.countedAt < RECOUNT_AFTER.toNanos()) {
			if (count.counted + count.since.incrementAndGet() <= cap) {
				return true;
			}
			count.since.decrementAndGet();
		}
		long counted = counter.getAsLong();
		if (counted >= cap) {
			this.counts.put(key, new Count(counted, now, 0));
			return false;
		}
		this.counts.put(key, new Count(counted, now, 1));
		return true;
	}

	private static final class Count {

		private final long counted;

		private final long countedAt;

		private final AtomicLong since;

		Count(long counted, long countedAt, long since) {
			this.counted = counted;
			this.countedAt = countedAt;
			this.since = new AtomicLong(since);
		}

	}

}
