package dev.screenshots.model.capture;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How {@code blockCookieBanners} answers a recognised consent platform.
 */
public enum CookieConsent {

	/** Refuse every purpose that can be refused (the default). */
	@JsonProperty("reject")
	REJECT,

	/** Accept, for pages that show less without consent. */
	@JsonProperty("accept")
	ACCEPT

}
