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

	public static Path readme() {
		return root().resolve("README.md");
	}

}
