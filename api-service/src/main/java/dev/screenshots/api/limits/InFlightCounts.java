package dev.screenshots.api.limits;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * of the rate); never for more than {@link #TRUST_AT_MOST}.
 *
 * <p>
 * Half way through a count's trust, the next submit starts a count in the background and
 * goes on, like the others, with the count there is; the new count replaces it when it
 * comes back, carrying over the places taken meanwhile. Only if it has not come back by
 * the end of the trust do submits count themselves (as every submit did before, when a
 * count expired); at most {@link #MAX_RECOUNTS} recounts run at once, over all keys. So
 * no submit of a busy key waits for a recount that comes back within half the trust (five
 * seconds for a key far from its cap, 50 ms near it): with a hundred thousand open jobs a
 * count takes a tenth of a second and more, and the benchmark's 64 connections, all
 * counting when a count expired, held every submit up for that long (docs/performance.md,
 * "The submit path's tail"). A key far from its cap is therefore counted about every five
 * seconds, a key near it every 50 ms.
 *
 * <p>
 * The bound: on one instance a key stays within its cap as when every submit counted
 * (jobs that finish meanwhile only lower the real count; as before, submits that race
 * each other at the cap may both pass, and so may the few that take a place in the
 * instant a background count replaces the last, which neither then holds until the next
 * count). With {@code n} instances, a key can exceed its cap by at most what the other
 * {@code n - 1} accepted for it unseen: within 100 ms of a count, or what they took ahead
 * of the shared bucket during a longer trust, so in either case at most their burst plus
 * 100 ms of the key's rate each.
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

	private static final Logger log = LoggerFactory.getLogger(InFlightCounts.class);

	/**
	 * How many background recounts may run at once, over all keys: each takes one of the
	 * database pool's connections, which the submits need too.
	 */
	static final int MAX_RECOUNTS = 4;

	private final LongSupplier nanoTime;

	private final Semaphore recountsRunning = new Semaphore(MAX_RECOUNTS);

	private final Executor recounts;

	private final Map<UUID, Count> counts = new ConcurrentHashMap<>();

	/**
	 * Counts with the given clock, recounting in the background with the given executor.
	 * @param nanoTime the clock
	 * @param recounts runs the counts made half way through a count's trust
	 */
	InFlightCounts(LongSupplier nanoTime, Executor recounts) {
		this.nanoTime = nanoTime;
		this.recounts = recounts;
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
		long now = this.nanoTime.getAsLong();
		Count count = this.counts.get(key);
		if (count != null && now - count.countedAt < count.trustedFor) {
			long sinceAtClaim = count.since.get();
			boolean recount = count.claimRecount(now);
			if (count.counted + count.since.incrementAndGet() <= cap) {
				if (recount) {
					startRecount(key, count, sinceAtClaim, cap, perMinute, burst, counter);
				}
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
	 * Starts a background recount if fewer than {@link #MAX_RECOUNTS} run; otherwise
	 * gives the claim back, so that a later submit of the key tries again.
	 */
	private void startRecount(UUID key, Count last, long sinceAtClaim, int cap, int perMinute, int burst,
			LongSupplier counter) {
		if (!this.recountsRunning.tryAcquire()) {
			last.recounting.set(false);
			return;
		}
		try {
			this.recounts.execute(() -> {
				try {
					recount(key, last, sinceAtClaim, cap, perMinute, burst, counter);
				}
				finally {
					this.recountsRunning.release();
				}
			});
		}
		catch (RuntimeException ex) {
			this.recountsRunning.release();
			throw ex;
		}
	}

	/**
	 * Counts again in the background while the last count is still trusted, carrying over
	 * the places taken on it since the recount was claimed (their rows may not be in the
	 * new count; those that are make it too high until the next count, never too low). A
	 * count that fails leaves the last one in use until its trust ends, after which
	 * submits count themselves.
	 */
	private void recount(UUID key, Count last, long sinceAtClaim, int cap, int perMinute, int burst,
			LongSupplier counter) {
		long now = this.nanoTime.getAsLong();
		long counted;
		try {
			counted = counter.getAsLong();
		}
		catch (RuntimeException ex) {
			log.warn("Counting key {}'s unfinished jobs failed; its submits count themselves once the last count"
					+ " expires", key, ex);
			return;
		}
		long carried = last.since.get() - sinceAtClaim;
		this.counts.replace(key, last,
				new Count(counted, now, trustedFor(counted + carried, cap, perMinute, burst), carried));
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

		/** Whether a submit has taken it upon itself to count again. */
		private final AtomicBoolean recounting = new AtomicBoolean();

		Count(long counted, long countedAt, long trustedFor, long since) {
			this.counted = counted;
			this.countedAt = countedAt;
			this.trustedFor = trustedFor;
			this.since = new AtomicLong(since);
		}

		/**
		 * Whether the caller is the one submit that counts again: the first to come once
		 * half of the count's trust has passed.
		 */
		boolean claimRecount(long now) {
			return now - this.countedAt >= this.trustedFor / 2 && this.recounting.compareAndSet(false, true);
		}

	}

}
