package dev.screenshots.api.limits;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import dev.screenshots.api.apikeys.ApiKeyPrincipal;
import dev.screenshots.api.jobs.ScreenshotJobs;

/**
 * Applies a key's submit limits before a job is created.
 *
 * <p>
 * The rate is a generic cell rate algorithm (equivalent to a token bucket): each submit
 * moves the key's theoretical arrival time ({@code tat}) forward by one emission interval
 * {@code T =
 * 60 s / rate}; a submit is allowed while {@code tat} is at most {@code burst × T} ahead
 * of now. The check and the update are one SQL statement on a shared row, so several
 * api-service instances enforce one limit together. The in-flight cap counts the key's
 * unfinished jobs; two submits racing at the cap may both pass, so it can be exceeded by
 * the number of concurrent submits.
 */
@Service
public class SubmitLimits {

	private final JdbcClient jdbc;

	private final ScreenshotJobs jobs;

	private final LimitProperties defaults;

	SubmitLimits(JdbcClient jdbc, ScreenshotJobs jobs, LimitProperties defaults) {
		this.jdbc = jdbc;
		this.jobs = jobs;
		this.defaults = defaults;
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
		long inFlight = this.jobs.countUnfinished(caller.keyId(), maxInFlight);
		if (inFlight >= maxInFlight) {
			throw new TooManyJobsInFlightException(maxInFlight);
		}
		int rate = (caller.submitsPerMinute() != null) ? caller.submitsPerMinute() : this.defaults.submitsPerMinute();
		int burst = (caller.submitsPerMinute() != null) ? Math.min(this.defaults.burst(), rate) : this.defaults.burst();
		double interval = 60_000.0 / rate;
		double tolerance = interval * burst;
		Double ahead = this.jdbc
			.sql("""
					INSERT INTO rate_limits (limit_key, tat) VALUES (:key, clock_timestamp() + :interval * interval '1 millisecond')
					ON CONFLICT (limit_key) DO UPDATE
					SET tat = GREATEST(rate_limits.tat, clock_timestamp()) + :interval * interval '1 millisecond'
					WHERE GREATEST(rate_limits.tat, clock_timestamp()) + :interval * interval '1 millisecond'
					      <= clock_timestamp() + :tolerance * interval '1 millisecond'
					RETURNING EXTRACT(EPOCH FROM (tat - clock_timestamp())) * 1000
					""")
			.param("key", "submit:" + caller.keyId())
			.param("interval", interval)
			.param("tolerance", tolerance)
			.query(Double.class)
			.optional()
			.orElse(null);
		if (ahead == null) {
			double current = this.jdbc.sql("""
					SELECT GREATEST(0, EXTRACT(EPOCH FROM (tat - clock_timestamp())) * 1000) FROM rate_limits
					WHERE limit_key = :key
					""").param("key", "submit:" + caller.keyId()).query(Double.class).single();
			long retryAfter = Math.max(1, (long) Math.ceil((current + interval - tolerance) / 1000));
			throw new RateLimitedException(new RateLimitStatus(burst, 0, (long) Math.ceil(current / 1000)), retryAfter);
		}
		int remaining = (int) Math.max(0, Math.floor((tolerance - ahead) / interval));
		return new RateLimitStatus(burst, remaining, (long) Math.ceil(ahead / 1000));
	}

}
