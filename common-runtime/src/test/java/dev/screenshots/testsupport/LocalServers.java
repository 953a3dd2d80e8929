package dev.screenshots.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops and starts the machine's own PostgreSQL and RabbitMQ with their service commands,
 * for the restart tests (their own stage of the build: nothing else runs while they do).
 * Only for the local servers on 127.0.0.1 (not containers, not servers elsewhere).
 */
public final class LocalServers {

	private LocalServers() {
	}

	/**
	 * @return whether the shared servers are this machine's own and its service commands
	 * are at hand
	 */
	public static boolean restartable() {
		return !DockerSupport.available() && "127.0.0.1".equals(PostgresServer.get().host())
				&& "127.0.0.1".equals(RabbitServer.get().host()) && run(List.of("which", "pg_ctlcluster"), 10) == 0
				&& run(List.of("which", "rabbitmqctl"), 10) == 0;
	}

	/**
	 * Stops RabbitMQ ({@code rabbitmqctl stop}), waits, and starts it again
	 * ({@code rabbitmq-server -detached}, as scripts/lib.sh does) until it accepts
	 * connections.
	 * @param down how long it stays stopped
	 */
	public static void restartRabbitMq(Duration down) {
		check(run(List.of("rabbitmqctl", "stop"), 120), "rabbitmqctl stop");
		JavaProcess.sleep(down);
		check(run(List.of("rabbitmq-server", "-detached"), 60), "rabbitmq-server -detached");
		// -detached returns before the node runs; await_startup needs the node to answer
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (run(List.of("rabbitmqctl", "await_startup", "--timeout", "30"), 60) != 0) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("RabbitMQ did not start again within 2 minutes");
			}
			JavaProcess.sleep(Duration.ofMillis(500));
		}
	}

	/**
	 * Restarts PostgreSQL with a fast shutdown (every session is cut, transactions in
	 * progress are rolled back).
	 */
	public static void restartPostgres() {
		String cluster = output(List.of("pg_lsclusters", "--no-header")).lines()
			.filter((line) -> line.contains(" " + PostgresServer.get().port() + " "))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(
					"No local PostgreSQL cluster on port " + PostgresServer.get().port()));
		String[] fields = cluster.trim().split("\\s+");
		check(run(List.of("pg_ctlcluster", "--skip-systemctl-redirect", fields[0], fields[1], "restart", "-m", "fast"),
				120), "pg_ctlcluster restart");
	}

	private static void check(int status, String what) {
		if (status != 0) {
			throw new IllegalStateException(what + " failed with status " + status);
		}
	}

	private static int run(List<String> command, int seconds) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return -1;
			}
			return process.exitValue();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private static String output(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			process.waitFor(30, TimeUnit.SECONDS);
			return text;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
