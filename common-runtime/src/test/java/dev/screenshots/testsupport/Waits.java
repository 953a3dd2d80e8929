package dev.screenshots.testsupport;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import dev.screenshots.model.capture.CaptureOptions;

/**
 * How long tests wait for something to happen, in one place.
 *
 * <p>
 * A test that waits for an outcome (a job to finish, a notification, a metric, a process
 * to start or stop) needs a limit, or a broken system would hang the build; but a limit
 * picked on a fast machine fails on a slow, loaded one (a CI runner with two cores can be
 * three times slower on a bad day). So waits use a few generous, named limits, and every
 * limit is multiplied by a factor a slow machine can raise: the system property
 * {@value #PROPERTY}, else the environment variable {@value #ENVIRONMENT_VARIABLE}, else
 * 1. Generous costs nothing: a passing test stops waiting as soon as the outcome is
 * there.
 *
 * <p>
 * Only waits for an outcome are scaled. A time that is part of the behaviour under test
 * (a page timeout the test expects to trip, a window in which nothing may happen, a lower
 * bound on a measured gap) is not; where a slow machine could break such a test, the test
 * is arranged so that it cannot, without changing what it checks. The helpers of this
 * package that take a time limit ({@link ApiClient#awaitTerminal(String, Duration)},
 * {@link JavaProcess#awaitHttpOk(String, Duration)}, {@link JavaProcess#stop(Duration)})
 * take an unscaled one and scale it themselves.
 */
public final class Waits {

	/** The system property with the factor, e.g. {@code -Dtest.timeout.factor=3}. */
	public static final String PROPERTY = "test.timeout.factor";

	/** The environment variable with the factor, read when the property is not set. */
	public static final String ENVIRONMENT_VARIABLE = "TEST_TIMEOUT_FACTOR";

	/**
	 * Something that takes a moment: a notification, a metric, a log line or a message
	 * appearing, a state change, a server's answer, a process stopping: 30 s.
	 */
	public static final Duration MOMENT = Duration.ofSeconds(30);

	/**
	 * One job through the system (or a few), with its retries; a service or a browser
	 * starting: 90 s.
	 */
	public static final Duration ONE_JOB = Duration.ofSeconds(90);

	/**
	 * Many jobs, a process restart and what it has to catch up on, a run of an external
	 * tool: 180 s.
	 */
	public static final Duration MANY_JOBS = Duration.ofSeconds(180);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

	private Waits() {
	}

	/**
	 * The factor every limit is multiplied by.
	 * @return the factor, 1 unless configured
	 * @throws IllegalArgumentException if the configured value is not a positive number
	 */
	public static double factor() {
		String value = System.getProperty(PROPERTY);
		String source = "The system property " + PROPERTY;
		if (value == null || value.isBlank()) {
			value = System.getenv(ENVIRONMENT_VARIABLE);
			source = "The environment variable " + ENVIRONMENT_VARIABLE;
		}
		if (value == null || value.isBlank()) {
			return 1.0;
		}
		double factor;
		try {
			factor = Double.parseDouble(value.trim());
		}
		catch (NumberFormatException ex) {
			factor = Double.NaN;
		}
		if (!(factor > 0) || Double.isInfinite(factor)) {
			throw new IllegalArgumentException(source + " must be a positive number (how many times longer than"
					+ " usual tests may wait, e.g. 3 on a slow machine), not '" + value + "'");
		}
		return factor;
	}

	/**
	 * A limit multiplied by the factor.
	 * @param base the limit on an ordinary machine
	 * @return the limit on this one
	 */
	public static Duration scaled(Duration base) {
		if (base.isNegative()) {
			throw new IllegalArgumentException("A negative limit: " + base);
		}
		return Duration.ofNanos(Math.round(base.toNanos() * factor()));
	}

	/**
	 * A scaled limit written as a duration property ({@code 3000ms}).
	 * @param base the limit on an ordinary machine
	 * @return the limit on this one, in milliseconds with its unit
	 */
	public static String scaledMillis(Duration base) {
		return scaled(base).toMillis() + "ms";
	}

	/**
	 * A capture's page time limit ({@code timeoutMs}) in a test where the page must load
	 * in time and what is checked comes after: scaled, within the range a request may ask
	 * for. A limit the test expects to run out is not scaled.
	 * @param baseMillis the limit on an ordinary machine
	 * @return the milliseconds to put in the request
	 */
	public static long pageTimeoutMillis(long baseMillis) {
		long millis = scaled(Duration.ofMillis(baseMillis)).toMillis();
		return Math.max(CaptureOptions.MIN_TIMEOUT_MS, Math.min(CaptureOptions.MAX_TIMEOUT_MS, millis));
	}

	/**
	 * Waits for a condition, polling every 100 ms, at most {@code scaled(base)}.
	 * @param base the limit on an ordinary machine, usually {@link #MOMENT},
	 * {@link #ONE_JOB} or {@link #MANY_JOBS}
	 * @return the condition factory, to add {@code until…} (or another poll interval)
	 */
	public static ConditionFactory await(Duration base) {
		return Awaitility.await().atMost(scaled(base)).pollInterval(POLL_INTERVAL);
	}

	/**
	 * Checks that a condition holds for a whole window, which is part of what the test
	 * checks and so is not scaled: only the margin around it is. The condition should
	 * already be true; the margin absorbs a slow first poll.
	 * @param window how long the condition must hold without a break
	 * @return the condition factory, to add {@code until…}
	 */
	public static ConditionFactory holdsFor(Duration window) {
		return Awaitility.await().during(window).atMost(window.plus(scaled(MOMENT))).pollInterval(POLL_INTERVAL);
	}

}
