package dev.screenshots.model.capture;

/**
 * A community filter list a job can switch on with one flag; each blocks the requests its
 * network rules name and hides the elements its cosmetic rules name. Which lists stand
 * behind each one: docs/capture.md, "Blocking ads, trackers, cookie banners and chats".
 */
public enum BlockList {

	/** {@code blockAds}: advertising and pop-up ads. */
	ADS("ads"),

	/** {@code blockTrackers}: analytics, tracking pixels, fingerprinting. */
	TRACKERS("trackers"),

	/** {@code blockCookieBanners}: cookie notices and consent walls. */
	COOKIE_BANNERS("cookieBanners"),

	/** {@code blockChats}: live chats, support bubbles and other third-party widgets. */
	CHATS("chats");

	private final String reason;

	BlockList(String reason) {
		this.reason = reason;
	}

	/**
	 * The name this list's blocked requests are counted under in
	 * {@code result.blockedRequestsByReason}.
	 * @return e.g. {@code ads}
	 */
	public String reason() {
		return this.reason;
	}

}
