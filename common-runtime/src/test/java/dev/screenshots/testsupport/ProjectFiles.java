package dev.screenshots.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds files of the project from whichever module directory the tests run in.
 */
public final class ProjectFiles {

	private ProjectFiles() {
	}

	/**
	 * The project root: the nearest directory upwards that holds {@code db/migrations}.
	 * @return the root directory
	 */
	public static Path root() {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null) {
			if (Files.isDirectory(directory.resolve("db/migrations"))) {
				return directory;
			}
			directory = directory.getParent();
		}
		throw new IllegalStateException(
				"The project root (with db/migrations) was not found above " + Path.of("").toAbsolutePath());
	}

	public static Path migrations() {
		return root().resolve("db/migrations");
	}

	/**
	 * The capture-worker's JVM options, as its image, the local run, the benchmark and
	 * the system tests start it (a java {@code @argfile}).
	 * @return the file
	 */
	public static Path workerJvmOptions() {
		return root().resolve("capture-worker/jvm.options");
	}

	public static Path readme() {
		return root().resolve("README.md");
	}

	/**
	 * A built jar named by a system property (the build passes {@code api.jar},
	 * {@code worker.jar} and {@code cli.jar} to the integration tests).
	 * @param property the property
	 * @return the jar
	 * @throws IllegalStateException if the property is unset or the jar is not there
	 */
	public static Path jar(String property) {
		String path = System.getProperty(property);
		if (path == null || !Files.isRegularFile(Path.of(path))) {
			throw new IllegalStateException("-D" + property + " must point at a built jar (got " + path
					+ "); build first: ./mvnw verify from the project root, or scripts/benchmark.sh");
		}
		return Path.of(path);
	}

}
