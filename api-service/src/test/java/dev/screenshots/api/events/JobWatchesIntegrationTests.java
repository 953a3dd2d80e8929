package dev.screenshots.api.events;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.screenshots.api.system.DatabaseNotifications;
import dev.screenshots.testsupport.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * The {@code job_steps} notifications against the migrated database (V7 and V14): a
 * transition is notified only while its job is watched, and a watch registered while a
 * transition is being written either waits for it (so the watcher's read sees it) or has
 * it notified.
 */
class JobWatchesIntegrationTests {

	static TestInfrastructure infrastructure;

	static JdbcClient jdbc;

	@BeforeAll
	static void migrate() {
		infrastructure = TestInfrastructure.create().migrate();
		jdbc = infrastructure.jdbc();
	}

	@AfterAll
	static void close() {
		infrastructure.close();
	}

	@Test
	void onlyTheTransitionsOfWatchedJobsAreNotified() throws Exception {
		UUID unwatched = job();
		UUID watched = job();
		UUID lapsed = job();
		jdbc.sql("SELECT watch_job(:job, '60 seconds'::interval)").param("job", watched).query((rs, row) -> 1).list();
		jdbc.sql("INSERT INTO job_watches (job_id, expires_at) VALUES (:job, now() - interval '1 second')")
			.param("job", lapsed)
			.update();
		try (Connection listener = listen()) {
			step(unwatched, "processing");
			step(lapsed, "processing");
			step(watched, "processing");
			step(watched, "pending"); // pending of attempt 0 is never notified (V7)
			step(unwatched, "completed");
			step(watched, "completed");

			// notifications arrive in commit order: the unwatched job's would come first
			assertThat(received(listener, 2)).containsExactly(watched.toString(), watched.toString());
		}
	}

	@Test
	void aWatchRegisteredDuringATransitionWaitsForItsCommit() throws Exception {
		UUID job = job();
		try (Connection transition = connection()) {
			transition.setAutoCommit(false);
			try (Statement statement = transition.createStatement()) {
				statement.execute("INSERT INTO job_steps (job_id, status, attempt, entered_at) VALUES ('" + job
						+ "', 'processing', 0, now())");
			}
			// the trigger holds the job's lock shared: the watch cannot commit before the
			// transition does, so a read after the watch sees the transition
			CompletableFuture<Long> stepsSeenAfterWatching = CompletableFuture.supplyAsync(() -> {
				jdbc.sql("SELECT watch_job(:job, '60 seconds'::interval)")
					.param("job", job)
					.query((rs, row) -> 1)
					.list();
				return jdbc.sql("SELECT count(*) FROM job_steps WHERE job_id = :job")
					.param("job", job)
					.query(Long.class)
					.single();
			});
			assertThat(waitingOnALock(job)).isTrue();
			transition.commit();
			assertThat(stepsSeenAfterWatching.get(30, TimeUnit.SECONDS)).isEqualTo(1);
		}
	}

	@Test
	@SuppressWarnings("try") // the watch is held open while renewed
	void aWatchIsRegisteredBeforeItReturnsAndRenewedWhileOpenAndLapsedOnesAreRemoved() throws Exception {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(infrastructure.database().jdbcUrl(),
				infrastructure.database().username(), infrastructure.database().password());
		JobStepNotifications notifications = new JobStepNotifications(mock(DatabaseNotifications.class),
				JdbcClient.create(dataSource), new DataSourceTransactionManager(dataSource));
		UUID open = job();
		UUID closed = job();
		UUID lapsed = job();
		jdbc.sql("INSERT INTO job_watches (job_id, expires_at) VALUES (:job, now() - interval '1 second')")
			.param("job", lapsed)
			.update();

		try (AutoCloseable watch = notifications.watch(open, () -> {
		})) {
			notifications.watch(closed, () -> {
			}).close();
			assertThat(expiry(open)).as("registered when watch returned").isNotNull();
			jdbc.sql("UPDATE job_watches SET expires_at = now() + interval '1 second' WHERE job_id = :job")
				.param("job", open)
				.update();

			notifications.renew();

			assertThat(expiry(open)).as("renewed for another lease").isAfter(OffsetDateTime.now().plusSeconds(30));
			assertThat(expiry(lapsed)).as("removed").isNull();
		}
	}

	private static OffsetDateTime expiry(UUID job) {
		return jdbc.sql("SELECT expires_at FROM job_watches WHERE job_id = :job")
			.param("job", job)
			.query(OffsetDateTime.class)
			.optional()
			.orElse(null);
	}

	private static boolean waitingOnALock(UUID job) throws InterruptedException {
		for (int i = 0; i < 300; i++) {
			Long waiting = jdbc
				.sql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
						+ " AND classid = job_watch_lock_space() AND objid::int = hashtext(:job)")
				.param("job", job.toString())
				.query(Long.class)
				.single();
			if (waiting > 0) {
				return true;
			}
			Thread.sleep(100);
		}
		return false;
	}

	private static UUID job() {
		UUID id = UUID.randomUUID();
		jdbc.sql("INSERT INTO screenshot_jobs (id, status, source_url, options, created_at, updated_at)"
				+ " VALUES (:id, 'pending', 'https://example.com/', '{}'::jsonb, now(), now())")
			.param("id", id)
			.update();
		return id;
	}

	private static void step(UUID job, String status) {
		jdbc.sql("INSERT INTO job_steps (job_id, status, attempt, entered_at) VALUES (:job, :status, 0, now())")
			.param("job", job)
			.param("status", status)
			.update();
	}

	private static Connection connection() throws SQLException {
		return DriverManager.getConnection(infrastructure.database().jdbcUrl(), infrastructure.database().username(),
				infrastructure.database().password());
	}

	private static Connection listen() throws SQLException {
		Connection connection = connection();
		try (Statement statement = connection.createStatement()) {
			statement.execute("LISTEN " + JobStepNotifications.CHANNEL);
		}
		return connection;
	}

	private static List<String> received(Connection listener, int count) throws SQLException {
		List<String> payloads = new ArrayList<>();
		PGConnection pg = listener.unwrap(PGConnection.class);
		for (int i = 0; i < 100 && payloads.size() < count; i++) {
			PGNotification[] notifications = pg.getNotifications(100);
			if (notifications != null) {
				for (PGNotification notification : notifications) {
					payloads.add(notification.getParameter());
				}
			}
		}
		return payloads;
	}

}
