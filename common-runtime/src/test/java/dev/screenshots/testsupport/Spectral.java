package dev.screenshots.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Spectral, the OpenAPI linter ({@code @stoplight/spectral-cli} from npm, installed
 * under {@code .local/spectral} by {@code scripts/test.sh}).
 */
public final class Spectral {

	private Spectral() {
	}

	/**
	 * The outcome of a run.
	 *
	 * @param exitCode 0 when nothing at or above the fail severity was found
	 * @param output the findings
	 */
	public record Result(int exitCode, String output) {
	}

	/**
	 * Lints a document, failing on errors (warnings are reported, not failed on).
	 * @param document the OpenAPI document
	 * @param ruleset the Spectral ruleset file
	 * @return the outcome
	 */
	public static Result lint(Path document, Path ruleset) {
		Path executable = ProjectFiles.root().resolve(".local/spectral/node_modules/.bin/spectral");
		if (!Files.isExecutable(executable)) {
			throw new IllegalStateException(executable + " not found: scripts/test.sh installs Spectral with npm");
		}
		try {
			Process process = new ProcessBuilder(List.of(executable.toString(), "lint", "--ruleset", ruleset.toString(),
					"--fail-severity", "error", "--format", "text", document.toString()))
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			Duration limit = Waits.scaled(Waits.MANY_JOBS);
			if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("spectral did not finish within " + limit);
			}
			return new Result(process.exitValue(), output);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run spectral", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
