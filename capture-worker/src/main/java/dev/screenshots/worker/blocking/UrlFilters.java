package dev.screenshots.worker.blocking;

/**
 * declarativeNetRequest's {@code urlFilter} syntax as a regular expression: {@code *} any
 * characters, {@code |} the start or end of the URL, {@code ||} the start of the host or
 * of one of its labels, {@code ^} a separator (anything but a letter, digit,
 * {@code _ - . %}) or the end of the URL.
 */
final class UrlFilters {

	private UrlFilters() {
	}

	static String toRegex(String filter) {
		StringBuilder regex = new StringBuilder();
		int start = 0;
		int end = filter.length();
		if (filter.startsWith("||")) {
			regex.append("^[a-z][a-z0-9+.-]*:(?://)?(?:[^/?#]*\\.)?");
			start = 2;
		}
		else if (filter.startsWith("|")) {
			regex.append('^');
			start = 1;
		}
		boolean anchoredEnd = end > start && filter.charAt(end - 1) == '|';
		if (anchoredEnd) {
			end--;
		}
		for (int i = start; i < end; i++) {
			char c = filter.charAt(i);
			switch (c) {
				case '*' -> regex.append(".*");
				case '^' -> regex.append("(?:[^A-Za-z0-9_.%-]|$)");
				default -> {
					if ("\\.[]{}()+?$|".indexOf(c) >= 0) {
						regex.append('\\');
					}
					regex.append(c);
				}
			}
		}
		if (anchoredEnd) {
			regex.append('$');
		}
		return regex.toString();
	}

}
