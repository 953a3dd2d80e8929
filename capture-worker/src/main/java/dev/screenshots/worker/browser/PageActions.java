package dev.screenshots.worker.browser;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import com.google.gson.JsonObject;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.WaitForSelectorState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.screenshots.model.capture.Action;
import dev.screenshots.model.capture.WaitForSelector;
import dev.screenshots.model.job.ErrorCode;
import dev.screenshots.worker.CaptureFailure;

/**
 * What the job's options do to a loaded page before the capture: wait for a selector or a
 * function, add css, hide elements, run a script, perform actions, pause. Each has a time
 * limit and fails with the error code {@link Sandbox} names.
 */
final class PageActions {

	private static final Logger log = LoggerFactory.getLogger(PageActions.class);

	/**
	 * The marker of a script that ran out of time while awaiting; a synchronous one is
	 * stopped by the DevTools protocol's own {@code timeout}.
	 */
	private static final String SCRIPT_TIMEOUT = "screenshot-service: script time limit";

	private final Browser browser;

	private final Page page;

	PageActions(Browser browser, Page page) {
		this.browser = browser;
		this.page = page;
	}

	void waitForSelector(WaitForSelector condition, Duration timeout) {
		try {
			this.page.waitForSelector(condition.selector(),
					new Page.WaitForSelectorOptions().setState((condition.state() == WaitForSelector.State.ATTACHED)
							? WaitForSelectorState.ATTACHED : WaitForSelectorState.VISIBLE)
						.setTimeout(timeout.toMillis()));
		}
		catch (TimeoutError ex) {
			throw new CaptureFailure(ErrorCode.WAIT_CONDITION_TIMEOUT, "No element matched '" + condition.selector()
					+ "' (" + condition.state().name().toLowerCase() + ") within " + timeout.toMillis() + " ms", ex);
		}
		catch (PlaywrightException ex) {
			throw failure(ErrorCode.INVALID_REQUEST, "waitForSelector failed: ", ex);
		}
	}

	void waitForFunction(String expression, Duration timeout) {
		try {
			this.page.waitForFunction(expression, null,
					new Page.WaitForFunctionOptions().setTimeout(timeout.toMillis()));
		}
		catch (TimeoutError ex) {
			throw new CaptureFailure(ErrorCode.WAIT_CONDITION_TIMEOUT,
					"waitForFunction did not become truthy within " + timeout.toMillis() + " ms", ex);
		}
		catch (PlaywrightException ex) {
			throw failure(ErrorCode.SCRIPT_FAILED, "waitForFunction failed: ", ex);
		}
	}

	void addStyle(String css) {
		try {
			this.page.addStyleTag(new Page.AddStyleTagOptions().setContent(css));
		}
		catch (PlaywrightException ex) {
			throw failure(ErrorCode.SCRIPT_FAILED, "Adding the css failed: ", ex);
		}
	}

	void hide(List<String> selectors) {
		if (selectors.isEmpty()) {
			return;
		}
		// one rule per selector: a selector that does not parse drops only its own rule
		addStyle(selectors.stream()
			.map((selector) -> selector.replace("{", "").replace("}", "") + " { display: none !important; }")
			.collect(Collectors.joining("\n")));
	}

	/**
	 * Runs the script through the DevTools protocol rather than Playwright's
	 * {@code evaluate}, which has no time limit: the protocol's {@code timeout} stops a
	 * script that never yields (a loop), and a race with a timer ends one that awaits
	 * forever.
	 */
	void runScript(String js, Duration timeout) {
		long millis = Math.max(1, timeout.toMillis());
		JsonObject params = new JsonObject();
		// concatenated, not formatted: the script is the client's text
		params.addProperty("expression",
				"Promise.race([(async () => {\n" + js + "\n})(), new Promise((resolve, reject) => "
						+ "setTimeout(() => reject(new Error('" + SCRIPT_TIMEOUT + "')), " + millis + "))])");
		params.addProperty("awaitPromise", true);
		params.addProperty("timeout", millis);
		CDPSession session;
		try {
			session = this.page.context().newCDPSession(this.page);
		}
		catch (PlaywrightException ex) {
			throw failure(ErrorCode.SCRIPT_FAILED, "The js script could not be started: ", ex);
		}
		try {
			JsonObject result = session.send("Runtime.evaluate", params);
			if (result.has("exceptionDetails")) {
				String description = exceptionText(result.getAsJsonObject("exceptionDetails"));
				if (description.contains(SCRIPT_TIMEOUT)) {
					throw scriptTimedOut(millis);
				}
				throw new CaptureFailure(ErrorCode.SCRIPT_FAILED, "The js script failed: " + description);
			}
		}
		catch (PlaywrightException ex) {
			if (this.browser.isConnected() && !this.page.isClosed()) {
				// the protocol stopped a script that did not yield within the limit
				throw scriptTimedOut(millis);
			}
			throw failure(ErrorCode.SCRIPT_FAILED, "The js script failed: ", ex);
		}
		finally {
			detachQuietly(session);
		}
	}

	void perform(Action action, int index) {
		double timeout = action.timeoutMs();
		try {
			switch (action.type()) {
				case CLICK -> this.page.click(action.selector(), new Page.ClickOptions().setTimeout(timeout));
				case HOVER -> this.page.hover(action.selector(), new Page.HoverOptions().setTimeout(timeout));
				case FILL ->
					this.page.fill(action.selector(), action.text(), new Page.FillOptions().setTimeout(timeout));
				case PRESS -> {
					if (action.selector() != null) {
						this.page.press(action.selector(), action.key(), new Page.PressOptions().setTimeout(timeout));
					}
					else {
						this.page.keyboard().press(action.key());
					}
				}
				case SCROLL -> {
					if (action.selector() != null) {
						this.page.locator(action.selector())
							.first()
							.scrollIntoViewIfNeeded(new Locator.ScrollIntoViewIfNeededOptions().setTimeout(timeout));
					}
					else {
						this.page.evaluate("([x, y]) => window.scrollBy(x, y)",
								List.of((action.x() != null) ? action.x() : 0, (action.y() != null) ? action.y() : 0));
					}
				}
				case WAIT -> {
					if (action.selector() != null) {
						this.page.waitForSelector(action.selector(),
								new Page.WaitForSelectorOptions().setTimeout(timeout));
					}
					if (action.ms() != null) {
						this.page.waitForTimeout(action.ms());
					}
				}
			}
		}
		catch (PlaywrightException ex) {
			String target = (action.selector() != null) ? " " + action.selector() : "";
			throw failure(ErrorCode.ACTION_FAILED,
					"Action " + index + " (" + action.type().name().toLowerCase() + target + ") failed: ", ex);
		}
	}

	void pause(Duration duration) {
		if (duration.isZero()) {
			return;
		}
		try {
			this.page.waitForTimeout(duration.toMillis());
		}
		catch (PlaywrightException ex) {
			throw failure(ErrorCode.CAPTURE_FAILED, "Waiting on the page failed: ", ex);
		}
	}

	private static CaptureFailure scriptTimedOut(long millis) {
		return new CaptureFailure(ErrorCode.SCRIPT_FAILED, "The js script did not finish within " + millis + " ms");
	}

	private static String exceptionText(JsonObject details) {
		if (details.has("exception") && details.getAsJsonObject("exception").has("description")) {
			String description = details.getAsJsonObject("exception").get("description").getAsString();
			int end = description.indexOf('\n');
			return (end >= 0) ? description.substring(0, end) : description;
		}
		return details.has("text") ? details.get("text").getAsString() : "an exception";
	}

	private static void detachQuietly(CDPSession session) {
		try {
			session.detach();
		}
		catch (PlaywrightException ex) {
			log.debug("Detaching the DevTools session failed", ex);
		}
	}

	private CaptureFailure failure(ErrorCode code, String prefix, PlaywrightException ex) {
		return PlaywrightErrors.failure(this.browser, code, prefix, ex);
	}

}
