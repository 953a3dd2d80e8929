package dev.screenshots.worker.browser;

import java.util.Map;

import dev.screenshots.model.capture.BlockList;

/**
 * What the sandbox observed of the page.
 *
 * @param title the document title, or {@code null}
 * @param consoleErrors console errors and uncaught exceptions
 * @param blockedByPolicy requests the URL policy blocked
 * @param blockedByOptions requests the job's
 * {@code blockResourceTypes}/{@code blockUrlPatterns} blocked
 * @param blockedByLists requests each switched-on filter list blocked (absent when none)
 * @param challenge the vendor of the bot-challenge or captcha page this is, or
 * {@code null}
 * @param consentPlatform the consent platform whose banner or wall was on screen, or
 * {@code null}
 */
public record PageFacts(String title, int consoleErrors, int blockedByPolicy, int blockedByOptions,
		Map<BlockList, Integer> blockedByLists, String challenge, String consentPlatform) {

	/** Before the page was looked at. */
	public static final PageFacts NONE = new PageFacts(null, 0, 0, 0, Map.of(), null, null);

	/**
	 * @return every request not loaded: by the policy, the options and the lists
	 */
	public int blockedRequests() {
		return this.blockedByPolicy + this.blockedByOptions
				+ this.blockedByLists.values().stream().mapToInt(Integer::intValue).sum();
	}

}
