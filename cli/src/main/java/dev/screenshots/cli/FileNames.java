package dev.screenshots.cli;

import java.net.URI;
import java.util.Locale;

/**
 * A file name from a URL: its host and path, lower case, anything but letters, digits,
 * dots and dashes made a dash, at most 80 characters.
 */
final class FileNames {

	private FileNames() {
	}

	static String of(String url) {
		String text;
		try {
			URI uri = URI.create(url);
			text = ((uri.getHost() != null) ? uri.getHost() : "") + ((uri.getPath() != null) ? uri.getPath() : "");
		}
		catch (IllegalArgumentException ex) {
			text = url;
		}
		String name = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-").replaceAll("^-+|-+$", "");
		if (name.length() > 80) {
			name = name.substring(0, 80);
		}
		return name.isEmpty() ? "page" : name;
	}

}
