package dev.screenshots.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Prometheus's {@code promtool} (Debian package {@code prometheus}, installed by
 * {@code scripts/test.sh}).
 */
public final class Promtool {

	private Promtool() {
	}

	/**
	 * The outcome of a run.
	 *
	 * @param exitCode the exit code
	 * @param output standard output and error
	 */
	public record Result(int exitCode, String output) {
	}

	/**
	 * Runs {@code promtool} with arguments in a directory.
	 * @param directory the working directory
	 * @param arguments e.g. {@code test rules alerts-test.yml}
	 * @return the outcome
	 */
	public static Result run(Path directory, String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(executable("promtool"));
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.start();
			Duration limit = Waits.scaled(Waits.MANY_JOBS);
			if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("promtool did not finish within " + limit);
			}
			return new Result(process.exitValue(),
					new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run promtool", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Finds a binary of the Debian {@code prometheus} package.
	 * @param name {@code promtool} or {@code prometheus}
	 * @return its path
	 * @throws IllegalStateException naming the package when it is missing
	 */
	static String executable(String name) {
		for (String directory : new String[] { "/usr/bin", "/usr/local/bin", "/bin" }) {
			Path candidate = Path.of(directory, name);
			if (Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		throw new IllegalStateException(
				name + " not found: install Debian's 'prometheus' package (scripts/test.sh does it)");
	}

}
