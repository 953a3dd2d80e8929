package dev.screenshots.worker.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the Chromium binary to launch. The browser is never downloaded.
 *
 * <p>
 * Debian's {@code /usr/bin/chromium-headless-shell} is a shell script that starts the
 * real binary without {@code exec}; launched through it, the process Playwright
 * supervises is the shell and a killed browser leaves orphans. So a wrapper script that
 * names an absolute path to an executable is resolved to that executable.
 */
final class ChromiumExecutable {

	/** Looked at in order when {@code capture.browser.executable} is not set. */
	static final List<Path> CANDIDATES = List.of(Path.of("/usr/lib/chromium/chromium-headless-shell"),
			Path.of("/usr/bin/chromium-headless-shell"), Path.of("/usr/lib/chromium/chromium"),
			Path.of("/usr/bin/chromium"), Path.of("/usr/bin/google-chrome"));

	private static final Pattern ABSOLUTE_PATH = Pattern.compile("(/[\\w.+-]+)+");

	private ChromiumExecutable() {
	}

	/**
	 * Resolves the executable.
	 * @param configured the configured path, or {@code null}
	 * @return the binary to launch
	 * @throws IllegalStateException naming the property and what to install when none is
	 * usable
	 */
	static Path resolve(Path configured) {
		if (configured != null && !configured.toString().isBlank()) {
			if (!Files.isRegularFile(configured) || !Files.isExecutable(configured)) {
				throw new IllegalStateException("capture.browser.executable=" + configured
						+ " is not an executable file. Point it at a Chromium binary, or unset it to use "
						+ CANDIDATES);
			}
			return unwrap(configured);
		}
		return CANDIDATES.stream()
			.filter((path) -> Files.isRegularFile(path) && Files.isExecutable(path))
			.findFirst()
			.map(ChromiumExecutable::unwrap)
			.orElseThrow(() -> new IllegalStateException("No Chromium executable found (looked at " + CANDIDATES
					+ "). Install Debian's chromium-headless-shell (apt-get install chromium-headless-shell)"
					+ " or set capture.browser.executable (CAPTURE_BROWSER_EXECUTABLE). Browsers are never"
					+ " downloaded."));
	}

	/**
	 * Returns the binary a small wrapper script starts, or the path itself.
	 * @param path an executable
	 * @return the real binary
	 */
	static Path unwrap(Path path) {
		return scriptTarget(path).orElse(path);
	}

	private static Optional<Path> scriptTarget(Path path) {
		try {
			if (Files.size(path) > 4096) {
				return Optional.empty();
			}
			String text = Files.readString(path, StandardCharsets.ISO_8859_1);
			if (!text.startsWith("#!")) {
				return Optional.empty();
			}
			String body = text.substring(text.indexOf('\n') + 1);
			Matcher matcher = ABSOLUTE_PATH.matcher(body);
			while (matcher.find()) {
				Path candidate = Path.of(matcher.group());
				if (!candidate.equals(path) && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
					return Optional.of(candidate);
				}
			}
			return Optional.empty();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

}
