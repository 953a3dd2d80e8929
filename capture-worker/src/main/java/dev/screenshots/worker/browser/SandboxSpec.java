package dev.screenshots.worker.browser;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.screenshots.model.capture.Cookie;
import dev.screenshots.model.capture.Emulation.ColorScheme;
import dev.screenshots.model.capture.Emulation.MediaType;
import dev.screenshots.model.capture.Emulation.ReducedMotion;
import dev.screenshots.model.capture.Emulation.ResourceType;

/**
 * What a new sandbox looks like to the page, and what it must not load.
 *
 * @param width viewport width in CSS pixels
 * @param height viewport height in CSS pixels
 * @param deviceScaleFactor device pixels per CSS pixel
 * @param isMobile mobile layout
 * @param hasTouch touch events
 * @param userAgent the user agent, or {@code null} for the browser's
 * @param locale the locale, or {@code null}
 * @param timezoneId the time zone, or {@code null}
 * @param colorScheme {@code prefers-color-scheme}, or {@code null}
 * @param reducedMotion {@code prefers-reduced-motion}, or {@code null}
 * @param mediaType the CSS media type
 * @param javaScriptEnabled whether scripts run
 * @param extraHeaders headers added to every request
 * @param cookies cookies set before loading
 * @param cookieUrl the URL cookies without a domain belong to
 * @param blockResourceTypes request types not loaded
 * @param blockUrlPatterns URL globs not loaded
 */
public record SandboxSpec(int width, int height, double deviceScaleFactor, boolean isMobile, boolean hasTouch,
		String userAgent, String locale, String timezoneId, ColorScheme colorScheme, ReducedMotion reducedMotion,
		MediaType mediaType, boolean javaScriptEnabled, Map<String, String> extraHeaders, List<Cookie> cookies,
		String cookieUrl, List<ResourceType> blockResourceTypes, List<String> blockUrlPatterns) {

	/**
	 * What a sandbox prepared ahead of its job must match: the spec without the job's
	 * URL, which only matters for cookies.
	 * @return the spec to prepare a spare sandbox with, or empty when the spec sets
	 * cookies (a sandbox with cookies is made for its job alone)
	 */
	Optional<SandboxSpec> withoutJob() {
		if (!this.cookies.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new SandboxSpec(this.width, this.height, this.deviceScaleFactor, this.isMobile,
				this.hasTouch, this.userAgent, this.locale, this.timezoneId, this.colorScheme, this.reducedMotion,
				this.mediaType, this.javaScriptEnabled, this.extraHeaders, this.cookies, null, this.blockResourceTypes,
				this.blockUrlPatterns));
	}

	/**
	 * A plain desktop sandbox of a given size, for tests and simple tasks.
	 * @param width viewport width
	 * @param height viewport height
	 * @return the spec
	 */
	public static SandboxSpec viewport(int width, int height) {
		return new SandboxSpec(width, height, 1, false, false, null, null, null, null, null, MediaType.SCREEN, true,
				Map.of(), List.of(), null, List.of(), List.of());
	}

}
