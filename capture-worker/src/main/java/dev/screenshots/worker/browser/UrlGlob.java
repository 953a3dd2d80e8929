package dev.screenshots.worker.browser;

import java.util.regex.Pattern;

/**
 * A URL glob of {@code blockUrlPatterns}: {@code **} matches anything, {@code *} anything
 * but {@code /}, {@code ?} one character; everything else literally. It must match the
 * whole URL.
 */
final class UrlGlob {

	private final Pattern pattern;

	private UrlGlob(Pattern pattern) {
		this.pattern = pattern;
	}

	static UrlGlob of(String glob) {
		StringBuilder regex = new StringBuilder();
		for (int i = 0; i < glob.length(); i++) {
			char c = glob.charAt(i);
			if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
				regex.append(".*");
				i++;
			}
			else if (c == '*') {
				regex.append("[^/]*");
			}
			else if (c == '?') {
				regex.append('.');
			}
			else {
				regex.append(Pattern.quote(String.valueOf(c)));
			}
		}
		return new UrlGlob(Pattern.compile(regex.toString()));
	}

	boolean matches(String url) {
		return this.pattern.matcher(url).matches();
	}

}
