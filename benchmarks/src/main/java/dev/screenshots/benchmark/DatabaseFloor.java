package dev.screenshots.benchmark;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.screenshots.testsupport.TestDatabase;

/**
 * The database floor of the submit path: the rows a submit writes, written by a bare JDBC
 * loop at the same concurrency, with no web stack, pool or framework in between. One
 * "submit" is what api-service writes for one accepted job, in one transaction: the job
 * with its first step (one statement) and its outbox message. The job and message are
 * copies of one the service wrote in the same run, so the rows, their sizes and the
 * triggers they fire are the same. Left out: the reads the service also makes (the key,
 * the in-flight count) and the rate-limit bucket, which an instance writes back about ten
 * times a second per busy key, not per submit (api-service's {@code SubmitLimits}); so
 * the floor is the same for any number of keys.
 */
final class DatabaseFloor {

	/** A pending job with its first step, copied from a template job. */
	static final String JOB = """
			WITH job AS (
			    INSERT INTO screenshot_jobs (id, status, source_url, options, priority, tenant, api_key_id,
			                                 source_type, attempts, created_at, updated_at)
			    SELECT ?, 'pending', source_url, options, priority, tenant, api_key_id, source_type, 0, ?, ?
			    FROM screenshot_jobs WHERE id = ?
			    RETURNING id)
			INSERT INTO job_steps (job_id, status, attempt, entered_at) SELECT id, 'pending', 0, ? FROM job
			RETURNING id
			""";

	private static final String OUTBOX = """
			INSERT INTO outbox_messages (job_id, exchange, routing_key, payload, headers, created_at)
			SELECT ?, exchange, routing_key, payload, headers, ? FROM outbox_messages WHERE job_id = ?
			RETURNING id
			""";

	private DatabaseFloor() {
	}

	/**
	 * Writes submits' rows for {@code seconds} from {@code connections} threads, each
	 * with its own connection.
	 * @param database the service's database
	 * @param template a job the service accepted in this run (and its outbox message)
	 * @param connections concurrent connections
	 * @param seconds how long
	 * @return the figures, as {@link SubmitLoad} reports them
	 */
	static SubmitLoad.Result run(TestDatabase database, UUID template, int connections, int seconds) {
		long deadline = System.nanoTime() + seconds * 1_000_000_000L;
		long started = System.nanoTime();
		List<Double> millis = onThreads(connections, () -> loop(database, template, deadline));
		double elapsed = (System.nanoTime() - started) / 1e9;
		Stats stats = Stats.of(millis);
		return new SubmitLoad.Result(connections, millis.size(), millis.size(), 0, 0, elapsed, millis.size() / elapsed,
				stats.p50(), stats.p90(), stats.p99(), Map.of());
	}

	/**
	 * Runs one loop per thread and gathers the durations they measured.
	 * @param threads how many
	 * @param loop one thread's loop
	 * @return every duration, in milliseconds
	 */
	static List<Double> onThreads(int threads, Callable<List<Double>> loop) {
		try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
			List<Future<List<Double>>> results = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				results.add(pool.submit(loop));
			}
			List<Double> millis = new ArrayList<>();
			for (Future<List<Double>> result : results) {
				millis.addAll(result.get());
			}
			return millis;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new IllegalStateException("a loop failed", ex.getCause());
		}
	}

	/**
	 * Writes a pending job with its first step, a copy of {@code template}, in the
	 * connection's transaction.
	 * @param statement {@link #JOB}, prepared
	 * @param id the new job's id
	 * @param template the job to copy
	 * @throws SQLException when no row was written
	 */
	static void insertJob(PreparedStatement statement, UUID id, UUID template) throws SQLException {
		Timestamp now = Timestamp.from(Instant.now());
		statement.setObject(1, id);
		statement.setTimestamp(2, now);
		statement.setTimestamp(3, now);
		statement.setObject(4, template);
		statement.setTimestamp(5, now);
		consume(statement);
	}

	private static List<Double> loop(TestDatabase database, UUID template, long deadline) throws SQLException {
		List<Double> millis = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
				database.password());
				PreparedStatement job = connection.prepareStatement(JOB);
				PreparedStatement outbox = connection.prepareStatement(OUTBOX)) {
			connection.setAutoCommit(false);
			while (System.nanoTime() < deadline) {
				long start = System.nanoTime();
				UUID id = UUID.randomUUID();
				insertJob(job, id, template);
				outbox.setObject(1, id);
				outbox.setTimestamp(2, Timestamp.from(Instant.now()));
				outbox.setObject(3, template);
				consume(outbox);
				connection.commit();
				millis.add((System.nanoTime() - start) / 1e6);
			}
		}
		return millis;
	}

	private static void consume(PreparedStatement statement) throws SQLException {
		try (ResultSet rows = statement.executeQuery()) {
			if (!rows.next()) {
				throw new SQLException("the statement wrote no row (is the template job there?)");
			}
		}
	}

}
