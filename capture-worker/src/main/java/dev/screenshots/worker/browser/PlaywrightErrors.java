package dev.screenshots.worker.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.PlaywrightException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.screenshots.model.job.ErrorCode;
import dev.screenshots.worker.CaptureFailure;

/**
 * Turns Playwright's errors into what the rest of the worker sees: one safe line of text,
 * and a {@link CaptureFailure} whose code says {@code BROWSER_CRASHED} whenever the
 * browser itself (or the driver that reaches it) is gone, whatever the step was doing.
 */
final class PlaywrightErrors {

	private static final Logger log = LoggerFactory.getLogger(PlaywrightErrors.class);

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

	/**
	 * The failure of a step: {@code code} with the error's summary, or
	 * {@code BROWSER_CRASHED} when the browser is no longer connected.
	 * @param browser the slot's browser
	 * @param code the step's error code
	 * @param prefix what was being done, e.g. {@code "Navigation failed: "}
	 * @param ex the error
	 * @return the failure to throw
	 */
	static CaptureFailure failure(Browser browser, ErrorCode code, String prefix, PlaywrightException ex) {
		if (!browser.isConnected()) {
			return new CaptureFailure(ErrorCode.BROWSER_CRASHED, "The browser stopped during the job", ex);
		}
		if (driverLost(ex)) {
			return new CaptureFailure(ErrorCode.BROWSER_CRASHED,
					"The browser's Playwright driver stopped during the job", ex);
		}
		return new CaptureFailure(code, prefix + summary(ex), ex);
	}

	/**
	 * Whether an error says the Playwright driver is gone (its process died): the browser
	 * object still says it is connected, but nothing reaches it.
	 * @param ex the error
	 * @return whether it does
	 */
	static boolean driverLost(PlaywrightException ex) {
		String message = String.valueOf(ex.getMessage());
		return message.contains("Playwright connection closed")
				|| message.contains("Failed to read message from driver");
	}

	static void closeQuietly(BrowserContext context) {
		try {
			context.close();
		}
		catch (PlaywrightException ex) {
			log.debug("Closing a browser context failed (the browser is probably gone)", ex);
		}
	}

}
