package dev.screenshots.api.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.stereotype.Component;

import dev.screenshots.runtime.support.BackgroundLoop;

/**
 * PostgreSQL {@code LISTEN/NOTIFY} for the whole api-service instance: one connection,
 * outside the pool, listens on every channel a component subscribed to, so a change
 * committed by any service or instance reaches all api-service instances. Used for job
 * transitions ({@code job_steps}) and API-key revocations ({@code api_keys}).
 *
 * <p>
 * When the connection drops, it reconnects with backoff and calls every subscriber's
 * {@code onReconnect}, since notifications sent meanwhile are lost. Subscribers are
 * called on the listener thread and must hand off anything slow.
 */
@Component
public class DatabaseNotifications extends BackgroundLoop {

	private static final Logger log = LoggerFactory.getLogger(DatabaseNotifications.class);

	private static final Duration POLL = Duration.ofMillis(500);

	private final DataSourceProperties dataSource;

	private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();

	private volatile boolean listening;

	private record Subscription(Consumer<String> onNotify, Runnable onReconnect) {
	}

	DatabaseNotifications(DataSourceProperties dataSource) {
		super("database-notifications");
		this.dataSource = dataSource;
	}

	/**
	 * Listens on a channel; call before the application starts (from a constructor).
	 * @param channel the channel, a plain identifier
	 * @param onNotify called with each notification's payload
	 * @param onReconnect called after every (re)connect, when notifications may have been
	 * missed
	 */
	public void subscribe(String channel, Consumer<String> onNotify, Runnable onReconnect) {
		if (!channel.matches("[a-z_]+")) {
			throw new IllegalArgumentException("Not a channel name: " + channel);
		}
		if (this.subscriptions.putIfAbsent(channel, new Subscription(onNotify, onReconnect)) != null) {
			throw new IllegalStateException("Channel " + channel + " already has a subscriber");
		}
	}

	/**
	 * Whether the listener is connected; while it is not, subscribers fall back on what
	 * they do without notifications.
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
					for (String channel : this.subscriptions.keySet()) {
						statement.execute("LISTEN " + channel);
					}
				}
				this.listening = true;
				backoff = 100;
				this.subscriptions.values().forEach((subscription) -> call(subscription.onReconnect()));
				PGConnection pg = connection.unwrap(PGConnection.class);
				while (isRunning()) {
					PGNotification[] notifications = pg.getNotifications((int) POLL.toMillis());
					if (notifications != null) {
						for (PGNotification notification : notifications) {
							Subscription subscription = this.subscriptions.get(notification.getName());
							if (subscription != null) {
								call(() -> subscription.onNotify().accept(notification.getParameter()));
							}
						}
					}
				}
			}
			catch (SQLException ex) {
				this.listening = false;
				if (isRunning()) {
					log.warn("Listening for database notifications failed; reconnecting in {} ms: {}", backoff,
							ex.getMessage());
					pause(Duration.ofMillis(backoff));
					backoff = Math.min(backoff * 2, 5_000);
				}
			}
		}
		this.listening = false;
	}

	private static void call(Runnable subscriber) {
		try {
			subscriber.run();
		}
		catch (RuntimeException ex) {
			log.warn("A database notification subscriber failed", ex);
		}
	}

}
