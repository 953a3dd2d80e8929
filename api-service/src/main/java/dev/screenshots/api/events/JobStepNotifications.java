package dev.screenshots.api.events;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.stereotype.Component;

import dev.screenshots.model.support.BackgroundLoop;

/**
 * Tells the parts of api-service that watch a job when it moved: one connection per
 * instance listens on the {@code job_steps} channel, which a trigger notifies with the
 * job id whenever a transition commits (migration V7), whichever service or instance
 * wrote it. Watchers then read what changed from the database; a notification carries no
 * state.
 *
 * <p>
 * When the connection drops, it reconnects with backoff and tells every watcher to read
 * again, since notifications sent meanwhile are lost. Watchers are called on the listener
 * thread and must hand off anything slow.
 */
@Component
public class JobStepNotifications extends BackgroundLoop {

	private static final Logger log = LoggerFactory.getLogger(JobStepNotifications.class);

	static final String CHANNEL = "job_steps";

	private static final Duration POLL = Duration.ofMillis(500);

	private final DataSourceProperties dataSource;

	private final Map<UUID, Set<Runnable>> watchers = new ConcurrentHashMap<>();

	private volatile boolean listening;

	JobStepNotifications(DataSourceProperties dataSource) {
		super("job-step-notifications");
		this.dataSource = dataSource;
	}

	/**
	 * Calls {@code onChange} after every transition of the job, and after a reconnect.
	 * @param jobId the job
	 * @param onChange what to do; runs on the listener thread
	 * @return closes the watch
	 */
	public AutoCloseable watch(UUID jobId, Runnable onChange) {
		this.watchers.computeIfAbsent(jobId, (id) -> new CopyOnWriteArraySet<>()).add(onChange);
		return () -> this.watchers.computeIfPresent(jobId, (id, set) -> {
			set.remove(onChange);
			return set.isEmpty() ? null : set;
		});
	}

	/**
	 * Whether the listener is connected; while it is not, watchers fall back on their own
	 * periodic reads.
	 * @return connected and listening
	 */
	public boolean isListening() {
		return this.listening;
	}

	@Override
	protected void loop() {
		long backoff = 100;
		while (isRunning()) {
			try (Connection connection = DriverManager.getConnection(this.dataSource.determineUrl(),
					this.dataSource.determineUsername(), this.dataSource.determinePassword())) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + CHANNEL);
				}
				this.listening = true;
				backoff = 100;
				notifyAll(this.watchers.keySet()); // anything may have moved while not
													// listening
				PGConnection pg = connection.unwrap(PGConnection.class);
				while (isRunning()) {
					PGNotification[] notifications = pg.getNotifications((int) POLL.toMillis());
					if (notifications != null) {
						for (PGNotification notification : notifications) {
							dispatch(notification.getParameter());
						}
					}
				}
			}
			catch (SQLException ex) {
				this.listening = false;
				if (isRunning()) {
					log.warn("Listening for job transitions failed; reconnecting in {} ms: {}", backoff,
							ex.getMessage());
					pause(Duration.ofMillis(backoff));
					backoff = Math.min(backoff * 2, 5_000);
				}
			}
		}
		this.listening = false;
	}

	private void dispatch(String payload) {
		try {
			notifyAll(Set.of(UUID.fromString(payload)));
		}
		catch (IllegalArgumentException ex) {
			log.debug("Ignoring a job_steps notification that is not a job id: {}", payload);
		}
	}

	private void notifyAll(Set<UUID> jobIds) {
		for (UUID jobId : jobIds) {
			for (Runnable watcher : this.watchers.getOrDefault(jobId, Set.of())) {
				try {
					watcher.run();
				}
				catch (RuntimeException ex) {
					log.warn("A watcher of job {} failed", jobId, ex);
				}
			}
		}
	}

}
