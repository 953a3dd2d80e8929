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
 * The database is counted when a key is first seen, again once the count has been trusted
 * for as long as it may be, and whenever the count so far plus this instance's submits
 * since would reach the cap; so a submit is refused only on a fresh count. A count is
 * trusted for {@link #RECOUNT_AFTER} at least, and beyond that for as long as the key's
 * rate limit could not have filled the rest of its cap since, whichever instances took
 * the submits: the rate allows at most {@code burst} plus the refill over that time, plus
 * what one instance may take ahead of the shared bucket ({@link SubmitLimits#SYNC_SHARE}
 * of the rate); never for more than {@link #TRUST_AT_MOST}. A key far from its cap is
 * therefore counted about every ten seconds, a key near it every 100 ms.
 *
 * <p>
 * The bound: on one instance a key stays within its cap as when every submit counted
 * (jobs that finish meanwhile only lower the real count; as before, submits that race
 * each other at the cap may both pass). With {@code n} instances, a key can exceed its
 * cap by at most what the other {@code n - 1} accepted for it unseen: within 100 ms of a
 * count, or what they took ahead of the shared bucket during a longer trust, so in either
 * case at most their burst plus 100 ms of the key's rate each.
 *
 * <p>
 * Why not a library: Bucket4j, which keeps the rate, limits what is taken over time, not
 * how many things are open at once; and the truth about a key's open jobs is their rows,
 * which end on their own as workers finish them. This class only decides when to count
 * them.
 */
final class InFlightCounts {

	/** How long a count is trusted at least while the key stays clear of its cap. */
	static final Duration RECOUNT_AFTER = Duration.ofMillis(100);

	/**
	 * How long a count is trusted at most, however far from its cap: also how long jobs
	 * that reopen without a submit (an operator's redrive) may go unseen.
	 */
	static final Duration TRUST_AT_MOST = Duration.ofSeconds(10);

	private final LongSupplier nanoTime;

	private final Map<UUID, Count> counts = new ConcurrentHashMap<>();

	InFlightCounts(LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
	}

	/**
	 * Takes one of the key's in-flight places.
	 * @param key the key
	 * @param cap its cap
	 * @param perMinute its submit rate
	 * @param burst its burst
	 * @param counter counts the key's unfinished jobs in the database, up to the cap
	 * @return whether the key had a place left
	 */
	boolean tryTake(UUID key, int cap, int perMinute, int burst, LongSupplier counter) {
		Count count = this.counts.get(key);
		long now = this.nanoTime.getAsLong();
		if (count != null && now - count.countedAt < count.trustedFor) {
			if (count.counted + count.since.incrementAndGet() <= cap) {
				return true;
			}
			count.since.decrementAndGet();
		}
		long counted = counter.getAsLong();
		long trustedFor = trustedFor(counted, cap, perMinute, burst);
		if (counted >= cap) {
			this.counts.put(key, new Count(counted, now, trustedFor, 0));
			return false;
		}
		this.counts.put(key, new Count(counted, now, trustedFor, 1));
		return true;
	}

	/**
	 * How long, in nanoseconds, the key's rate limit takes at the least to fill what the
	 * count leaves of its cap.
	 */
	static long trustedFor(long counted, int cap, int perMinute, int burst) {
		double perNano = perMinute / (double) Duration.ofMinutes(1).toNanos();
		double headroom = cap - counted - burst - SubmitLimits.takenAhead(perMinute);
		double nanos = (perNano > 0) ? headroom / perNano : Double.MAX_VALUE;
		return (long) Math.clamp(nanos, RECOUNT_AFTER.toNanos(), TRUST_AT_MOST.toNanos());
	}

	private static final class Count {

		private final long counted;

		private final long countedAt;

		private final long trustedFor;

		private final AtomicLong since;

		Count(long counted, long countedAt, long trustedFor, long since) {
			this.counted = counted;
			this.countedAt = countedAt;
			this.trustedFor = trustedFor;
			this.since = new AtomicLong(since);
		}

	}

}
