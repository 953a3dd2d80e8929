package dev.screenshots.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

import org.testcontainers.DockerClientFactory;

/**
 * Decides whether Testcontainers can be used. Asking Testcontainers alone is slow when
 * only a Docker client is installed, so the cheap checks come first.
 * {@code -Dtest.services=local} forces the local services; {@code -Dtest.services=docker}
 * forces containers.
 */
public final class DockerSupport {

	private static volatile Boolean available;

	private DockerSupport() {
	}

	public static boolean available() {
		Boolean result = available;
		if (result == null) {
			result = detect();
			available = result;
		}
		return result;
	}

	private static boolean detect() {
		String mode = System.getProperty("test.services", System.getenv().getOrDefault("TEST_SERVICES", "auto"));
		if (mode.equals("local")) {
			return false;
		}
		if (mode.equals("auto") && System.getenv("DOCKER_HOST") == null
				&& !Files.exists(Path.of("/var/run/docker.sock"))) {
			return false;
		}
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

}
