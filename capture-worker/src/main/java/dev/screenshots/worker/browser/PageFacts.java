package dev.screenshots.worker.browser;

/**
 * What the sandbox observed of the page.
 *
 * @param title the document title, or {@code null}
 * @param consoleErrors console errors and uncaught exceptions
 * @param blockedByPolicy requests the URL policy blocked
 * @param blockedByOptions requests the job's
 * {@code blockResourceTypes}/{@code blockUrlPatterns} blocked
 * @param challenge the vendor of the bot-challenge or captcha page this is, or
 * {@code null}
 * @param consentPlatform the consent platform whose banner or wall was on screen, or
 * {@code null}
 */
public record PageFacts(String title, int consoleErrors, int blockedByPolicy, int blockedByOptions, String challenge,
		String consentPlatform) {

	/** Before the page was looked at. */
	public static final PageFacts NONE = new PageFacts(null, 0, 0, 0, null, null);

}
