package dev.screenshots.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A PostgreSQL server for tests: a container when Docker is available, otherwise the
 * server on {@code 127.0.0.1:5432} (override with {@code TEST_PG_HOST},
 * {@code TEST_PG_PORT}, {@code TEST_PG_USER}, {@code TEST_PG_PASSWORD}). Each test
 * creates its own database.
 */
public final class PostgresServer {

	private static final String PREFIX = "sstest_";

	private static PostgresServer instance;

	private final String host;

	private final int port;

	private final String username;

	private final String password;

	private PostgresServer(String host, int port, String username, String password) {
		this.host = host;
		this.port = port;
		this.username = username;
		this.password = password;
	}

	/**
	 * Returns the shared server, starting a container on first use when Docker is
	 * available.
	 * @return the server
	 */
	public static synchronized PostgresServer get() {
		if (instance == null) {
			if (DockerSupport.available()) {
				PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
				container.start();
				instance = new PostgresServer(container.getHost(), container.getMappedPort(5432),
						container.getUsername(), container.getPassword());
			}
			else {
				instance = new PostgresServer(env("TEST_PG_HOST", "127.0.0.1"),
						Integer.parseInt(env("TEST_PG_PORT", "5432")), env("TEST_PG_USER", "postgres"),
						env("TEST_PG_PASSWORD", ""));
			}
			instance.dropStaleDatabases();
		}
		return instance;
	}

	public String host() {
		return this.host;
	}

	public int port() {
		return this.port;
	}

	/**
	 * Creates a new, empty database with a unique name.
	 * @return the database; close it to drop it
	 */
	public TestDatabase createDatabase() {
		String name = PREFIX + Instant.now().getEpochSecond() + "_"
				+ Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
		execute("CREATE DATABASE " + name);
		return new TestDatabase(jdbcUrl(name), this.username, this.password, name,
				() -> execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
	}

	public String jdbcUrl(String database) {
		return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + database;
	}

	/**
	 * Drops databases earlier runs left behind when they were killed, keeping those of
	 * the last six hours in case another run is going on.
	 */
	private void dropStaleDatabases() {
		long cutoff = Instant.now().minus(6, ChronoUnit.HOURS).getEpochSecond();
		List<String> stale = new ArrayList<>();
		try (Connection connection = connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement
					.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + PREFIX + "%'")) {
			while (rows.next()) {
				String name = rows.getString(1);
				String[] parts = name.substring(PREFIX.length()).split("_");
				if (parts.length == 2 && parts[0].chars().allMatch(Character::isDigit)
						&& Long.parseLong(parts[0]) < cutoff) {
					stale.add(name);
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(unreachable(), ex);
		}
		stale.forEach((name) -> execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
	}

	private void execute(String sql) {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(unreachable() + " (" + sql + ")", ex);
		}
	}

	private Connection connect() throws SQLException {
		return DriverManager.getConnection(jdbcUrl("postgres"), this.username, this.password);
	}

	private String unreachable() {
		return "PostgreSQL at " + this.host + ":" + this.port
				+ " is needed by the integration tests (start it, or run scripts/test.sh which does)";
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isEmpty()) ? value : fallback;
	}

}
