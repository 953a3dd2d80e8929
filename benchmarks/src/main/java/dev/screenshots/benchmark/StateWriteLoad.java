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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.screenshots.model.job.JobMove;
import dev.screenshots.model.job.JobStatus;
import dev.screenshots.testsupport.TestDatabase;

/**
 * The state-write path alone, for docs/scaling.md: many simulated workers, with no
 * browser, take jobs through the whole state machine as fast as the database lets them,
 * each with its own connection or all sharing fewer connections, as through a pooler in
 * transaction mode (PgBouncer's {@code pool_mode = transaction}): a transaction takes a
 * free connection and gives it back after its commit, and its time includes the wait.
 * Each job is written as the services write it: the job with its first step (a copy of a
 * job the service accepted, as {@link DatabaseFloor} does), then each transition with the
 * worker's guarded statement ({@link JobMove}: the job row and the step it enters, whose
 * insert notifies listeners), each statement committed on its own in the same round trip,
 * as the worker commits a transition no other waited behind: the claim sets the worker
 * and its lease, each move is guarded by the status before it and the worker, and the
 * completion writes the result's columns. Left out: the outbox message and its relay,
 * lease renewals and webhooks.
 */
final class StateWriteLoad {

	/** The statuses a completed job passes through after {@code pending}. */
	private static final List<JobStatus> PATH = List.of(JobStatus.PROCESSING, JobStatus.VALIDATING,
			JobStatus.CREATING_SANDBOX, JobStatus.SYNCING_FILES, JobStatus.CAPTURING, JobStatus.STORING,
			JobStatus.COMPLETED);

	private static final Pattern PARAMETER = Pattern.compile(":(now|id)\\b");

	private static final Pattern AUTHORITY = Pattern.compile("^jdbc:postgresql://[^/]*/");

	private static final Pattern ADDRESS = Pattern.compile("[^/?:\\s]+:\\d+");

	private StateWriteLoad() {
	}

	/**
	 * @param database the service's database
	 * @param pooler {@code host:port} of a pooler in transaction mode to connect through
	 * (see {@link #throughPooler}), or {@code null} to connect to the database
	 * @param template a job the service accepted
	 * @param workers simulated workers
	 * @param connections the connections they share (to the pooler, if there is one,
	 * which then serves them with its own server pool); as many as workers gives each its
	 * own (the load's first setting)
	 * @param seconds how long
	 * @param notify whether step inserts notify listeners as they do in the service; off
	 * (the trigger disabled for the run) to measure what the notifications cost
	 * @param watched whether each job is registered as watched before its transitions, as
	 * an open event stream registers it, so that they notify
	 * @param apiPid the api-service's pid, for the CPU by process ({@link ProcessCpu})
	 * @return what the database took
	 */
	static Result run(TestDatabase database, String pooler, UUID template, int workers, int connections, int seconds,
			boolean notify, boolean watched, long apiPid) {
		if (!notify) {
			notifications(database, false);
		}
		try {
			return run(database, (pooler != null) ? throughPooler(database.jdbcUrl(), pooler) : database.jdbcUrl(),
					template, workers, connections, seconds, watched, apiPid);
		}
		finally {
			if (!notify) {
				notifications(database, true);
			}
		}
	}

	/**
	 * The database's URL through a pooler in transaction mode.
	 * @param jdbcUrl the database's URL
	 * @param pooler the pooler's {@code host:port}, optionally followed by JDBC
	 * parameters after a {@code ?}: {@code ?prepareThreshold=0} for a pooler that cannot
	 * keep named server-side statements for its clients (PgBouncer before 1.21, or
	 * without {@code max_prepared_statements})
	 * @return the URL to connect through the pooler
	 */
	static String throughPooler(String jdbcUrl, String pooler) {
		Matcher authority = AUTHORITY.matcher(jdbcUrl);
		if (!authority.find()) {
			throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
		}
		int query = pooler.indexOf('?');
		String address = (query < 0) ? pooler : pooler.substring(0, query);
		if (!ADDRESS.matcher(address).matches()) {
			throw new IllegalArgumentException("expected the pooler as host:port, got " + pooler);
		}
		String url = authority.replaceFirst(Matcher.quoteReplacement("jdbc:postgresql://" + address + "/"));
		return (query < 0) ? url : url + (url.contains("?") ? "&" : "?") + pooler.substring(query + 1);
	}

	/**
	 * How the load connects, for the report.
	 * @param pooler the pooler's {@code host:port}, or {@code null}
	 * @return empty when it connects to the database, else a phrase
	 */
	static String describePooler(String pooler) {
		return (pooler != null) ? " through the pooler at " + pooler : "";
	}

	private static void notifications(TestDatabase database, boolean enabled) {
		try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
				database.password()); var statement = connection.createStatement()) {
			statement
				.execute("ALTER TABLE job_steps " + (enabled ? "ENABLE" : "DISABLE") + " TRIGGER job_steps_notify");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot switch the step notifications", ex);
		}
	}

	/**
	 * How a run's notifications are set, for the report.
	 * @param notify the trigger on
	 * @param watched every job watched
	 * @return empty for the default (trigger on, nothing watched), else a phrase
	 */
	static String describeNotifications(boolean notify, boolean watched) {
		if (!notify) {
			return ", step notifications off";
		}
		return watched ? ", every job watched" : "";
	}

	private static Result run(TestDatabase database, String url, UUID template, int workers, int connections,
			int seconds, boolean watched, long apiPid) {
		// fair: waiting transactions get connections in the order they asked for them, as
		// a pooler's queue hands them out
		BlockingQueue<Session> free = new ArrayBlockingQueue<>(connections, true);
		try {
			for (int i = 0; i < connections; i++) {
				free.add(Session.open(database, url));
			}
			long walBefore = walPosition(database);
			long deadline = System.nanoTime() + seconds * 1_000_000_000L;
			// the CPU over the load alone, with the load's backends alive at both ends: a
			// backend that exits is reaped by the postmaster, and its time would move
			// between processes while the snapshot reads them
			ProcessCpu cpuBefore = ProcessCpu.snapshot(apiPid, 0);
			long started = System.nanoTime();
			List<Double> transitionMillis = DatabaseFloor.onThreads(workers,
					() -> loop(free, template, deadline, watched));
			double elapsed = (System.nanoTime() - started) / 1e9;
			Map<String, Double> cpu = ProcessCpu.snapshot(apiPid, 0)
				.since(cpuBefore, Math.max(1, transitionMillis.size()));
			long wal = walPosition(database) - walBefore;
			long jobs = transitionMillis.size() / PATH.size();
			return new Result(workers, connections, elapsed, jobs / elapsed, transitionMillis.size(),
					transitionMillis.size() / elapsed, Stats.of(transitionMillis), (jobs > 0) ? wal / 1024.0 / jobs : 0,
					cpu);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot open the state-write load's connections", ex);
		}
		finally {
			free.forEach(Session::close);
		}
	}

	/**
	 * Where the server's write-ahead log ends, in bytes: the difference over the load is
	 * what it wrote to the log, server-wide (the load runs alone).
	 */
	private static long walPosition(TestDatabase database) {
		try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
				database.password());
				var statement = connection.createStatement();
				ResultSet position = statement
					.executeQuery("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")) {
			position.next();
			return position.getLong(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot read the write-ahead log's position", ex);
		}
	}

	private static List<Double> loop(BlockingQueue<Session> free, UUID template, long deadline, boolean watched)
			throws SQLException, InterruptedException {
		List<Double> millis = new ArrayList<>();
		while (System.nanoTime() < deadline) {
			UUID id = UUID.randomUUID();
			Session session = free.take();
			try {
				DatabaseFloor.insertJob(session.job(), id, template);
				if (watched) {
					session.watch().setObject(1, id);
					session.watch().execute();
				}
			}
			finally {
				free.add(session);
			}
			for (int i = 0; i < PATH.size(); i++) {
				long start = System.nanoTime();
				session = free.take();
				try {
					session.moves().get(i).apply(id);
				}
				finally {
					free.add(session);
				}
				millis.add((System.nanoTime() - start) / 1e6);
			}
		}
		return millis;
	}

	/**
	 * One connection (to the database, or to the pooler) with the load's statements
	 * prepared on it.
	 */
	private record Session(Connection connection, PreparedStatement job, PreparedStatement watch, List<Move> moves) {

		static Session open(TestDatabase database, String url) throws SQLException {
			Connection connection = DriverManager.getConnection(url, database.username(), database.password());
			// autocommit: each statement is its own transaction, committed in its
			// round trip, as the worker writes a transition no other waits behind
			// (the statements are closed with the connection)
			List<Move> moves = new ArrayList<>();
			JobStatus from = JobStatus.PENDING;
			for (JobStatus status : PATH) {
				moves.add(Move.of(connection, from, status));
				from = status;
			}
			return new Session(connection, connection.prepareStatement(DatabaseFloor.JOB),
					connection.prepareStatement("SELECT watch_job(?, interval '60 seconds')"), moves);
		}

		void close() {
			try {
				this.connection.close();
			}
			catch (SQLException ex) {
				// the load's figures are taken; the database is dropped after the run
			}
		}

	}

	/** One transition's statement, with {@link JobMove}'s named parameters as JDBC's. */
	private record Move(PreparedStatement statement, List<String> parameters, JobStatus to) {

		static Move of(Connection connection, JobStatus from, JobStatus to) throws SQLException {
			JobMove move = JobMove.to(to).from(from);
			if (to == JobStatus.PROCESSING) {
				move = move.set("attempts = attempts + 1, worker_id = 'simulated', started_at = :now,"
						+ " lease_expires_at = now() + interval '30 seconds'");
			}
			else {
				move = move.where("worker_id = 'simulated'");
			}
			if (to == JobStatus.COMPLETED) {
				move = move.set("finished_at = :now, lease_expires_at = NULL, result_bucket = 'screenshots',"
						+ " result_key = 'screenshots/simulated.png', result_content_type = 'image/png',"
						+ " result_bytes = 2820, result_width = 1280, result_height = 800,"
						+ " result_sha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',"
						+ " result_final_url = source_url, result_http_status = 200, result_blocked_requests = 0,"
						+ " result_title = 'Simple', result_console_errors = 0");
			}
			String sql = move.sql("SELECT count(*) FROM moved");
			List<String> parameters = new ArrayList<>();
			Matcher matcher = PARAMETER.matcher(sql);
			while (matcher.find()) {
				parameters.add(matcher.group(1));
			}
			return new Move(connection.prepareStatement(matcher.replaceAll("?")), parameters, to);
		}

		void apply(UUID id) throws SQLException {
			Timestamp now = Timestamp.from(Instant.now());
			for (int i = 0; i < this.parameters.size(); i++) {
				if (this.parameters.get(i).equals("id")) {
					this.statement.setObject(i + 1, id);
				}
				else {
					this.statement.setTimestamp(i + 1, now);
				}
			}
			try (ResultSet rows = this.statement.executeQuery()) {
				if (!rows.next() || rows.getLong(1) != 1) {
					throw new SQLException("the move to " + this.to.value() + " moved no job");
				}
			}
		}

	}

	/**
	 * @param workers simulated workers
	 * @param connections the connections they shared
	 * @param seconds how long
	 * @param jobsPerSecond jobs taken from pending to completed per second
	 * @param transitions transitions written (and committed)
	 * @param transitionsPerSecond transitions written (and committed) per second
	 * @param transitionMs one transition's statement and commit
	 * @param walKiBPerJob what the server wrote to its write-ahead log during the load,
	 * per job taken through
	 * @param cpuMsPerTransition CPU time per transition by process group
	 * ({@link ProcessCpu}; {@code postgres} is what the database would need of cores of
	 * its own), over the load's threads alone
	 */
	record Result(int workers, int connections, double seconds, double jobsPerSecond, long transitions,
			double transitionsPerSecond, Stats transitionMs, double walKiBPerJob,
			Map<String, Double> cpuMsPerTransition) {
	}

}
