package dev.screenshots.api.limits;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Service;

import dev.screenshots.api.apikeys.ApiKeyPrincipal;
import dev.screenshots.api.jobs.ScreenshotJobs;

/**
 * Applies a key's submit limits before a job is created.
 *
 * <p>
 * The rate is a token bucket per key (Bucket4j): {@code burst} submits at once, refilled
 * at {@code submitsPerMinute}. The bucket lives in PostgreSQL
 * ({@code rate_limit_buckets}) so every api-service instance spends the same allowance.
 * So that a busy key does not take that row's lock on every submit, each instance
 * consumes from its own copy and writes it back once it has consumed {@link #SYNC_SHARE}
 * worth of the key's rate, or {@link #SYNC_AT_LEAST} after the last write, whichever
 * comes first (Bucket4j's delaying optimisation). A key may therefore get up to
 * {@code submitsPerMinute × 100 ms} submits more than its limit per instance: for 600 a
 * minute (the default) that is 1, and a key slower than that writes back on every submit,
 * so its limit is kept exactly; for 60,000 a minute, 100 per instance. The bucket is
 * written in its own short transaction, never inside the submit's.
 *
 * <p>
 * The in-flight cap is checked against the key's unfinished jobs in the database, counted
 * when needed rather than on every submit ({@link InFlightCounts}, which states the
 * bound).
 */
@Service
public class SubmitLimits {

	/**
	 * How much of a key's rate (that many milliseconds of it) an instance may consume
	 * before it writes the bucket back: the bound on what the key gets over its limit,
	 * per instance.
	 */
	static final Duration SYNC_SHARE = Duration.ofMillis(100);

	/** How long at most an instance keeps a busy key's consumption to itself. */
	static final Duration SYNC_AT_LEAST = Duration.ofSeconds(1);

	private final ScreenshotJobs jobs;

	private final LimitProperties defaults;

	private final ProxyManager<String> buckets;

	private final InFlightCounts inFlight = new InFlightCounts(System::nanoTime,
			(recount) -> Thread.ofVirtual().name("in-flight-recount").start(recount));

	/** Each key's bucket, with the instance's unsynchronised copy in it. */
	private final Map<Limit, Bucket> byKey = new ConcurrentHashMap<>();

	SubmitLimits(DataSource dataSource, ScreenshotJobs jobs, LimitProperties defaults) {
		this.jobs = jobs;
		this.defaults = defaults;
		this.buckets = new PostgreSQLSelectForUpdateBasedProxyManager<>(
				Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
					.primaryKeyMapper(PrimaryKeyMapper.STRING)
					.table("rate_limit_buckets"));
	}

	/**
	 * Takes one submit from the key's allowance.
	 * @param caller the key
	 * @return the key's standing after this submit
	 * @throws TooManyJobsInFlightException when the key has too many unfinished jobs
	 * @throws RateLimitedException when the key submits too fast
	 */
	public RateLimitStatus acquire(ApiKeyPrincipal caller) {
		int maxInFlight = (caller.maxInFlight() != null) ? caller.maxInFlight() : this.defaults.maxInFlight();
		int rate = (caller.submitsPerMinute() != null) ? caller.submitsPerMinute() : this.defaults.submitsPerMinute();
		int burst = (caller.submitsPerMinute() != null) ? Math.min(this.defaults.burst(), rate) : this.defaults.burst();
		if (!this.inFlight.tryTake(caller.keyId(), maxInFlight, rate, burst,
				() -> this.jobs.countUnfinished(caller.keyId(), maxInFlight))) {
			throw new TooManyJobsInFlightException(maxInFlight);
		}
		ConsumptionProbe probe = database(
				() -> this.byKey.computeIfAbsent(new Limit(caller.keyId(), rate, burst), this::bucket)
					.tryConsumeAndReturnRemaining(1));
		long resetSeconds = seconds(probe.getNanosToWaitForReset());
		if (!probe.isConsumed()) {
			throw new RateLimitedException(new RateLimitStatus(burst, 0, resetSeconds),
					Math.max(1, seconds(probe.getNanosToWaitForRefill())));
		}
		return new RateLimitStatus(burst, (int) Math.min(burst, probe.getRemainingTokens()), resetSeconds);
	}

	private Bucket bucket(Limit limit) {
		BucketConfiguration configuration = BucketConfiguration.builder()
			.addLimit(Bandwidth.builder()
				.capacity(limit.burst())
				.refillGreedy(limit.perMinute(), Duration.ofMinutes(1))
				.initialTokens(limit.burst())
				.build())
			.build();
		// a key's limits are part of the bucket's name: a key given other limits starts a
		// fresh bucket instead of reading one made for the old ones
		String name = "submit:" + limit.keyId() + ":" + limit.perMinute() + ":" + limit.burst();
		// the key's first use, alone (computeIfAbsent holds the others back): Bucket4j
		// creates a missing bucket on first use, but when concurrent first uses are
		// batched
		// together it fails them all with BucketNotFoundException instead
		this.buckets.builder().build(name, () -> configuration).getAvailableTokens();
		var builder = this.buckets.builder();
		long unsynchronised = takenAhead(limit.perMinute());
		if (unsynchronised >= 1) {
			builder = builder
				.withOptimization(Optimizations.delaying(new DelayParameters(unsynchronised, SYNC_AT_LEAST)));
		}
		return builder.build(name, () -> configuration);
	}

	/**
	 * How many submits an instance may take from its own copy of a key's bucket before
	 * writing it back: {@link #SYNC_SHARE} of the key's rate.
	 * @param perMinute the key's rate
	 * @return the submits, rounded down
	 */
	static long takenAhead(int perMinute) {
		return perMinute * SYNC_SHARE.toMillis() / Duration.ofMinutes(1).toMillis();
	}

	/**
	 * Runs a bucket operation, with a database that fails as Spring's data access
	 * exceptions say it (answered 503, as every other query of the submit).
	 */
	private static <T> T database(Supplier<T> operation) {
		try {
			return operation.get();
		}
		catch (RuntimeException ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof SQLException) {
					throw new DataAccessResourceFailureException("The submit rate's bucket is out of reach", ex);
				}
			}
			throw ex;
		}
	}

	private static long seconds(long nanos) {
		return (nanos + 999_999_999L) / 1_000_000_000L;
	}

	private record Limit(UUID keyId, int perMinute, int burst) {
	}

}
