package dev.screenshots.worker.browser;

import java.time.Duration;

import dev.screenshots.model.capture.ImageFormat;
import dev.screenshots.model.capture.WaitUntil;
import dev.screenshots.worker.CaptureFailure;

/**
 * One job's isolated browser context and page. Obtained from {@link Sandboxes} inside a
 * {@link SandboxTask}, used only on the thread that runs the task, and always closed.
 *
 * <p>
 * Every method throws {@link CaptureFailure} with the matching error code; no Playwright
 * type leaves this package.
 */
public interface Sandbox extends AutoCloseable {

	/**
	 * Navigates to a URL and waits for a load state.
	 * @param url the page
	 * @param waitUntil the load state to wait for
	 * @param timeout the time limit for navigation and waiting
	 * @return what the main document answered
	 * @throws CaptureFailure {@code URL_NOT_ALLOWED} when the policy blocked the page or
	 * a redirect hop to it, {@code NAVIGATION_TIMEOUT}, {@code NAVIGATION_FAILED},
	 * {@code UNSUPPORTED_CONTENT} or {@code BROWSER_CRASHED}
	 */
	PageLoad load(String url, WaitUntil waitUntil, Duration timeout);

	/**
	 * Lets the page run for a while, e.g. to finish animations.
	 * @param duration how long
	 */
	void pause(Duration duration);

	/**
	 * Renders the page.
	 * @param format the image format
	 * @param quality the quality for lossy formats
	 * @param fullPage the whole scrollable page instead of the viewport
	 * @param timeout the time limit
	 * @return the encoded image
	 * @throws CaptureFailure {@code CAPTURE_FAILED} or {@code BROWSER_CRASHED}
	 */
	byte[] screenshot(ImageFormat format, int quality, boolean fullPage, Duration timeout);

	/**
	 * How many requests the URL policy blocked in this sandbox so far.
	 * @return the number of blocked requests
	 */
	int blockedRequests();

	/**
	 * Closes the context and everything in it. Never throws.
	 */
	@Override
	void close();

}
