package dev.screenshots.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Java program started from its jar as a real operating-system process, with its output
 * in a log file. Used for S3Mock and for the services under test in system tests, where a
 * crash must be a real {@code SIGKILL}.
 */
public final class JavaProcess implements AutoCloseable {

	/** Per health poll; a poll that times out is simply followed by the next one. */
	private static final Duration POLL_TIMEOUT = Duration.ofSeconds(2);

	private final String name;

	private final List<String> command;

	private final Map<String, String> environment;

	private final Path logFile;

	private Process process;

	private JavaProcess(String name, List<String> command, Map<String, String> environment, Path logFile) {
		this.name = name;
		this.command = command;
		this.environment = environment;
		this.logFile = logFile;
	}

	/**
	 * Describes a process to start with the running JVM's {@code java}.
	 * @param name a short name used for the log file
	 * @param jar the executable jar
	 * @param jvmOptions JVM options
	 * @param arguments program arguments
	 * @param environment extra environment variables
	 * @return the (not yet started) process
	 */
	public static JavaProcess of(String name, Path jar, List<String> jvmOptions, List<String> arguments,
			Map<String, String> environment) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-jar");
		command.add(jar.toString());
		command.addAll(arguments);
		Path logs = Path.of(System.getProperty("test.logs.dir", "target/test-processes"));
		return new JavaProcess(name, command, environment, logs.resolve(name + ".log"));
	}

	/**
	 * Starts the process, appending to its log file.
	 * @return this process
	 */
	public synchronized JavaProcess start() {
		try {
			Files.createDirectories(this.logFile.getParent());
			Files.writeString(this.logFile, "=== " + String.join(" ", this.command) + "\n",
					java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
			ProcessBuilder builder = new ProcessBuilder(this.command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.logFile.toFile()));
			builder.environment().putAll(this.environment);
			this.process = builder.start();
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + this.name, ex);
		}
	}

	/**
	 * Waits until {@code url} answers with a 2xx status.
	 * @param url the URL to poll, e.g. a health endpoint
	 * @param base how long to wait on an ordinary machine, scaled by {@link Waits}
	 * @return this process
	 * @throws IllegalStateException with the log's tail if the process exits or the time
	 * runs out (the process is then stopped)
	 */
	public JavaProcess awaitHttpOk(String url, Duration base) {
		Duration timeout = Waits.scaled(base);
		Duration pollTimeout = Waits.scaled(POLL_TIMEOUT);
		long deadline = System.nanoTime() + timeout.toNanos();
		try (HttpClient http = HttpClient.newBuilder().connectTimeout(pollTimeout).build()) {
			while (System.nanoTime() < deadline) {
				if (!isAlive()) {
					throw new IllegalStateException(
							this.name + " exited with " + this.process.exitValue() + "\n" + logTail());
				}
				if (answersOk(http, url, pollTimeout)) {
					return this;
				}
				sleep(Duration.ofMillis(200));
			}
		}
		String tail = logTail();
		stop(Waits.MOMENT); // nobody else holds it yet: do not leave it running
		throw new IllegalStateException(this.name + " did not answer " + url + " within " + timeout + "\n" + tail);
	}

	private static boolean answersOk(HttpClient http, String url, Duration timeout) {
		try {
			HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).build(),
					HttpResponse.BodyHandlers.discarding());
			return response.statusCode() / 100 == 2;
		}
		catch (IOException ex) {
			return false; // not listening yet, or too slow this time
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public boolean isAlive() {
		return this.process != null && this.process.isAlive();
	}

	public long pid() {
		return this.process.pid();
	}

	/**
	 * The short name the process was described with, which also names its log file.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Asks the process to stop ({@code SIGTERM}) and waits for it, killing it after the
	 * timeout.
	 * @param base how long a graceful stop may take on an ordinary machine, scaled by
	 * {@link Waits}
	 */
	public synchronized void stop(Duration base) {
		if (this.process == null) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(Waits.scaled(base).toMillis(), TimeUnit.MILLISECONDS)) {
				kill();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			kill();
		}
	}

	/**
	 * Kills the process with {@code SIGKILL}, as a crash would, and its descendants (a
	 * browser), and waits until the process is gone (unless the calling thread is
	 * interrupted): then it sends nothing more, though what it sent before (a commit to
	 * the database, say) may still be processed by the other side.
	 * @throws IllegalStateException if the process is somehow still alive
	 */
	public synchronized void kill() {
		if (this.process == null) {
			return;
		}
		this.process.descendants().forEach(ProcessHandle::destroyForcibly);
		this.process.destroyForcibly();
		Duration limit = Waits.scaled(Waits.MOMENT);
		try {
			if (!this.process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException(
						this.name + " (pid " + this.process.pid() + ") was still alive " + limit + " after SIGKILL");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	public Path logFile() {
		return this.logFile;
	}

	/**
	 * Returns the last lines of the log, for failure messages.
	 * @return up to 80 lines
	 */
	public String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.logFile);
			return "--- last lines of " + this.logFile + " ---\n"
					+ String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
		}
		catch (IOException ex) {
			return "(no log at " + this.logFile + ")";
		}
	}

	@Override
	public void close() {
		stop(Waits.MOMENT);
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
