package dev.screenshots.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the Chromium the tests drive: {@code CHROMIUM_PATH} when set, else Debian's
 * headless shell or full Chromium (the real binaries, not the {@code /usr/bin} wrapper
 * scripts).
 */
public final class Browsers {

	private static final List<String> CANDIDATES = List.of("/usr/lib/chromium/chromium-headless-shell",
			"/usr/lib/chromium/chromium", "/usr/bin/chromium-headless-shell", "/usr/bin/chromium");

	private Browsers() {
	}

	public static Path chromium() {
		String configured = System.getenv("CHROMIUM_PATH");
		if (configured != null && !configured.isEmpty()) {
			return Path.of(configured);
		}
		return CANDIDATES.stream()
			.map(Path::of)
			.filter(Files::isExecutable)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No Chromium found (looked at " + CANDIDATES
					+ "); install Debian's chromium-headless-shell or run scripts/test.sh, which does"));
	}

}
