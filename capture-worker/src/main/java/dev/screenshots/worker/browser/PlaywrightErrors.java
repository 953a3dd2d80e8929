package dev.screenshots.worker.browser;

import com.microsoft.playwright.PlaywrightException;

/**
 * Turns Playwright's multi-line error texts (message, call log, stack) into one safe
 * line.
 */
final class PlaywrightErrors {

	private static final int MAX_LENGTH = 300;

	private PlaywrightErrors() {
	}

	static String summary(PlaywrightException ex) {
		String text = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		int start = text.indexOf("message='");
		if (start >= 0) {
			text = text.substring(start + "message='".length());
		}
		int end = text.indexOf('\n');
		if (end >= 0) {
			text = text.substring(0, end);
		}
		text = text.strip();
		if (text.endsWith("'")) {
			text = text.substring(0, text.length() - 1);
		}
		return (text.length() > MAX_LENGTH) ? text.substring(0, MAX_LENGTH) + "…" : text;
	}

}
