package dev.screenshots.worker.browser;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.screenshots.model.capture.Action;
import dev.screenshots.model.capture.ArtifactKind;
import dev.screenshots.model.capture.Region;
import dev.screenshots.model.capture.WaitForSelector;
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
	 * Serves files at an origin through request routing, before {@link #load}: every
	 * request to the origin is answered from the files (404 for a path not among them;
	 * {@code dir/} opens {@code dir/index.html}) and never reaches the network. Request
	 * types and URLs the options block stay blocked.
	 * @param origin the origin, e.g. {@code https://<job>.screenshot.invalid}
	 * @param files the files by path
	 * @param isolate whether every request outside the origin (WebSockets included) is
	 * refused and counted as blocked
	 */
	void serve(String origin, Map<String, byte[]> files, boolean isolate);

	/**
	 * Starts recording what the {@code har} and {@code console} artifacts keep, before
	 * {@link #load}; does nothing for the other kinds.
	 * @param kinds the artifacts the job asks for
	 */
	void record(Set<ArtifactKind> kinds);

	/**
	 * Reads the artifacts from the page as it is now (after the capture, so they show
	 * what the picture shows). An artifact that cannot be read is absent with
	 * {@code ARTIFACT_FAILED}; one over the limit is cut ({@code ARTIFACT_TRUNCATED}).
	 * @param kinds the artifacts, recorded since {@link #record} where they need it
	 * @param load what loading the page gave (the final URL and status of
	 * {@code metadata}), or {@code null}
	 * @param maxBytes the most bytes of each artifact
	 * @return one per kind, in the order of {@code kinds}
	 * @throws CaptureFailure {@code BROWSER_CRASHED} when the browser is gone
	 */
	List<PageArtifact> artifacts(Set<ArtifactKind> kinds, PageLoad load, int maxBytes);

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
	 * Waits until an element is attached or visible.
	 * @param condition the selector and state
	 * @param timeout the time limit
	 * @throws CaptureFailure {@code WAIT_CONDITION_TIMEOUT}, or {@code INVALID_REQUEST}
	 * for a selector that does not parse
	 */
	void waitForSelector(WaitForSelector condition, Duration timeout);

	/**
	 * Waits until a JavaScript expression is truthy.
	 * @param expression the expression
	 * @param timeout the time limit
	 * @throws CaptureFailure {@code WAIT_CONDITION_TIMEOUT} or {@code SCRIPT_FAILED}
	 */
	void waitForFunction(String expression, Duration timeout);

	/**
	 * Adds a style sheet to the page.
	 * @param css the style sheet
	 */
	void addStyle(String css);

	/**
	 * Hides elements with {@code display: none}; selectors that match nothing or do not
	 * parse are ignored.
	 * @param selectors CSS selectors
	 */
	void hide(List<String> selectors);

	/**
	 * Runs a script in the page and waits for it (an {@code await} inside works).
	 * @param js the script
	 * @param timeout the time limit
	 * @throws CaptureFailure {@code SCRIPT_FAILED}
	 */
	void runScript(String js, Duration timeout);

	/**
	 * Performs one pre-capture action.
	 * @param action the action
	 * @param index its position in the request, for the error message
	 * @throws CaptureFailure {@code ACTION_FAILED} naming the index
	 */
	void perform(Action action, int index);

	/**
	 * Scrolls down the page a screen at a time, so lazily loaded content loads, then back
	 * to the top and waits briefly for the images that started loading; does nothing on a
	 * page where nothing loads lazily ({@link LazyContent}).
	 * @param maxHeight how far to scroll at most, in CSS pixels
	 * @param timeout the time limit
	 */
	void scrollThrough(int maxHeight, Duration timeout);

	/**
	 * Makes the loaded page ready for its capture, the last change before it: waits,
	 * within the spec's time limit, for the web fonts to load and the images in the
	 * captured area to decode; then, for the blocking flags, for a recognised consent
	 * platform to be answered, hides what the switched-on lists' element-hiding rules
	 * name, and for cookie banners lets a locked page scroll again.
	 * @param spec what will be rendered (its area and time limit)
	 * @throws dev.screenshots.worker.CaptureFailure {@code CAPTURE_FAILED} or
	 * {@code BROWSER_CRASHED} when the page cannot be read (it navigated away, crashed),
	 * {@code SCRIPT_FAILED} when the blocking flags' cleaning fails
	 */
	void settle(CaptureSpec spec);

	/**
	 * Lets the page run for a while, e.g. to finish animations.
	 * @param duration how long
	 */
	void pause(Duration duration);

	/**
	 * Renders the page as an image or a PDF, as {@link #settle} left it.
	 * @param spec what to render
	 * @return the encoded output
	 * @throws CaptureFailure {@code ELEMENT_NOT_FOUND}, {@code CAPTURE_FAILED} or
	 * {@code BROWSER_CRASHED}
	 */
	byte[] capture(CaptureSpec spec);

	/**
	 * The page's visible text ({@code innerText} of the body), at most a million
	 * characters.
	 * @return the text
	 * @throws CaptureFailure {@code CAPTURE_FAILED} or {@code BROWSER_CRASHED}
	 */
	String visibleText();

	/**
	 * The boxes of the elements the selectors match, in pixels of the image
	 * {@link #capture} rendered for {@code spec} (for {@code compare.ignoreSelectors}).
	 * @param selectors CSS selectors; one that does not parse matches nothing
	 * @param spec what was captured
	 * @param scale the device scale factor
	 * @return the boxes, clipped at the image's top-left corner
	 * @throws CaptureFailure {@code CAPTURE_FAILED} or {@code BROWSER_CRASHED}
	 */
	List<Region> boxes(List<String> selectors, CaptureSpec spec, double scale);

	/**
	 * What the sandbox observed of the page so far, and what it shows (read when
	 * {@link #settle} left the page for its capture; with {@code disableAnimations}, or
	 * without a settle, read now).
	 * @return title, console errors, blocked requests, a challenge page's vendor and an
	 * undismissed consent platform
	 */
	PageFacts facts();

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
