package dev.screenshots.model.capture;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.screenshots.model.capture.Emulation.ColorScheme;
import dev.screenshots.model.capture.Emulation.MediaType;
import dev.screenshots.model.capture.Emulation.ReducedMotion;
import dev.screenshots.model.capture.Emulation.ResourceType;

/**
 * How to render a page, as the client sends it: one flat object, every field optional.
 * {@link #resolve()} applies the {@code device} preset and then the defaults and groups
 * the result ({@link ResolvedOptions}); that is what a job records (in this flat form,
 * {@link ResolvedOptions#toWire()}) and the worker applies. Bounds are checked by Bean
 * Validation; configured limits (viewport pixels, timeout cap, full-page height) by the
 * API.
 *
 * @param device a {@link DevicePresets} name; explicit fields override its values
 * @param width viewport width in CSS pixels, default 1280
 * @param height viewport height in CSS pixels, default 720
 * @param deviceScaleFactor device pixels per CSS pixel, 1–3, default 1
 * @param isMobile mobile layout, default {@code false}
 * @param hasTouch touch events, default {@code false}
 * @param fullPage capture the whole scrollable page, default {@code false}
 * @param maxHeight the tallest full-page capture in CSS pixels, default 16384
 * @param clip capture only this rectangle of the page
 * @param selector capture only this element ({@code ELEMENT_NOT_FOUND} when absent)
 * @param format {@code png} (default), {@code jpeg}, {@code webp} or {@code pdf}
 * @param quality JPEG/WebP quality 1–100, default 80
 * @param omitBackground transparent background for PNG and WebP, default {@code false}
 * @param pdf PDF layout ({@code format: "pdf"})
 * @param waitUntil {@code commit}, {@code domcontentloaded}, {@code load} (default) or
 * {@code networkidle}
 * @param delayMs extra wait before the capture, 0–30000 ms, default 0
 * @param waitForSelector wait for an element
 * @param waitForFunction wait until this JavaScript expression is truthy
 * @param timeoutMs time limit of loading and of each wait, 1000–120000 ms, default 30000
 * @param colorScheme {@code light}, {@code dark} or {@code no-preference}
 * @param reducedMotion {@code reduce} or {@code no-preference}
 * @param mediaType {@code screen} (default) or {@code print}
 * @param locale e.g. {@code de-DE}
 * @param timezoneId e.g. {@code Europe/Berlin}
 * @param userAgent the user agent
 * @param extraHeaders request headers added to every request
 * @param cookies cookies set before loading
 * @param javaScriptEnabled run the page's scripts, default {@code true}
 * @param hideSelectors elements hidden ({@code display: none}) before the capture
 * @param css a style sheet added before the capture
 * @param js a script run before the capture
 * @param blockResourceTypes request types not loaded
 * @param blockUrlPatterns URL globs not loaded ({@code *} within a segment, {@code **}
 * across)
 * @param actions steps run on the page before the capture, in order
 * @param failOnHttpError fail with {@code HTTP_ERROR} when the main document answers 4xx
 * or 5xx, default {@code false}
 * @param failIfTextMissing fail with {@code CONTENT_CHECK_FAILED} unless the page's
 * visible text contains this
 * @param failIfTextPresent fail with {@code CONTENT_CHECK_FAILED} when the page's visible
 * text contains this
 * @param disableAnimations finish finite CSS animations and transitions, cancel infinite
 * ones and hide the text caret before the capture, default {@code false}
 * @param blockAds block ads and pop-up ads with community filter lists, default
 * {@code false}
 * @param blockTrackers block trackers and analytics, default {@code false}
 * @param blockCookieBanners hide cookie notices, answer recognised consent platforms and
 * let a consent wall's page scroll again, default {@code false}
 * @param blockChats block chat bubbles and third-party widgets, default {@code false}
 * @param cookieConsent what {@code blockCookieBanners} answers a consent platform,
 * default {@code reject}
 * @param artifacts what to keep of the page besides the picture ({@code html},
 * {@code text}, {@code metadata}, {@code har}, {@code console}), default none
 * @param thumbnail a second, smaller image stored as the artifact {@code thumbnail}
 * @param resize scale the image itself before it is stored
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaptureOptions(@KnownDevice @Size(max = 64) String device,
		@Min(MIN_DIMENSION) @Max(MAX_DIMENSION) Integer width, @Min(MIN_DIMENSION) @Max(MAX_DIMENSION) Integer height,
		@DecimalMin("1") @DecimalMax("3") Double deviceScaleFactor, Boolean isMobile, Boolean hasTouch,
		Boolean fullPage, @Min(MIN_DIMENSION) @Max(MAX_FULL_PAGE_HEIGHT) Integer maxHeight, @Valid Clip clip,
		@Size(min = 1, max = 1000) String selector, ImageFormat format, @Min(1) @Max(100) Integer quality,
		Boolean omitBackground, @Valid PdfOptions pdf, WaitUntil waitUntil, @Min(0) @Max(MAX_DELAY_MS) Integer delayMs,
		@Valid WaitForSelector waitForSelector, @Size(min = 1, max = 10_000) String waitForFunction,
		@Min(MIN_TIMEOUT_MS) @Max(MAX_TIMEOUT_MS) Integer timeoutMs, ColorScheme colorScheme,
		ReducedMotion reducedMotion, MediaType mediaType,
		@Pattern(regexp = "[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8}){0,3}",
				message = "must be a language tag such as en-US") String locale,
		@Size(max = 64) String timezoneId, @Size(min = 1, max = 1024) String userAgent,
		@Size(max = 50) Map<@Pattern(regexp = "[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}",
				message = "must be an HTTP header name") String, @NotNull @Size(max = 8192) @Pattern(
						regexp = "[^\\r\\n\\x00]*", message = "must not contain line breaks") String> extraHeaders,
		@Size(max = 50) List<@NotNull @Valid Cookie> cookies, Boolean javaScriptEnabled,
		@Size(max = 100) List<@NotBlank @Size(max = 1000) String> hideSelectors, @Size(max = 100_000) String css,
		@Size(max = 100_000) String js, @Size(max = 12) List<@NotNull ResourceType> blockResourceTypes,
		@Size(max = 100) List<@NotBlank @Size(max = 2048) String> blockUrlPatterns,
		@Size(max = MAX_ACTIONS) List<@NotNull @Valid Action> actions, Boolean failOnHttpError,
		@Size(min = 1, max = MAX_CHECK_TEXT) String failIfTextMissing,
		@Size(min = 1, max = MAX_CHECK_TEXT) String failIfTextPresent, Boolean disableAnimations, Boolean blockAds,
		Boolean blockTrackers, Boolean blockCookieBanners, Boolean blockChats, CookieConsent cookieConsent,
		@Size(max = 5) List<@NotNull ArtifactKind> artifacts, @Valid Thumbnail thumbnail, @Valid Resize resize) {

	public static final int MIN_DIMENSION = 16;

	public static final int MAX_DIMENSION = 3840;

	public static final int DEFAULT_WIDTH = 1280;

	public static final int DEFAULT_HEIGHT = 720;

	public static final int DEFAULT_QUALITY = 80;

	public static final int DEFAULT_MAX_HEIGHT = 16_384;

	public static final int MAX_FULL_PAGE_HEIGHT = 32_768;

	public static final int MAX_DELAY_MS = 30_000;

	public static final int MIN_TIMEOUT_MS = 1_000;

	public static final int MAX_TIMEOUT_MS = 120_000;

	/** Headers {@code extraHeaders} may not set (besides every {@code Proxy-*}). */
	static final Set<String> FORBIDDEN_HEADERS = Set.of("host", "cookie", "content-length", "transfer-encoding",
			"connection", "keep-alive", "te", "trailer", "upgrade");

	public static final int DEFAULT_TIMEOUT_MS = 30_000;

	public static final int MAX_ACTIONS = 50;

	public static final int MAX_CHECK_TEXT = 1000;

	/**
	 * Options with nothing set.
	 * @return an empty request
	 */
	public static CaptureOptions none() {
		return new CaptureOptions(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
				null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
				null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
	}

	/**
	 * The options applied: the device preset's values where the request set none, then
	 * the defaults. {@code resolve().toWire().resolve()} equals {@code resolve()}.
	 * @return the resolved options
	 */
	public ResolvedOptions resolve() {
		DevicePresets.Device preset = (this.device != null) ? DevicePresets.find(this.device).orElse(null) : null;
		ImageFormat resolvedFormat = or(this.format, ImageFormat.PNG);
		ResolvedOptions.Viewport viewport = new ResolvedOptions.Viewport(
				or(this.width, (preset != null) ? preset.width() : DEFAULT_WIDTH),
				or(this.height, (preset != null) ? preset.height() : DEFAULT_HEIGHT),
				or(this.deviceScaleFactor, (preset != null) ? preset.deviceScaleFactor() : 1.0),
				or(this.isMobile, preset != null && preset.isMobile()),
				or(this.hasTouch, preset != null && preset.hasTouch()));
		ResolvedOptions.Area area = new ResolvedOptions.Area(or(this.fullPage, false),
				or(this.maxHeight, DEFAULT_MAX_HEIGHT), this.clip, this.selector);
		ResolvedOptions.Output output = new ResolvedOptions.Output(resolvedFormat, or(this.quality, DEFAULT_QUALITY),
				or(this.omitBackground, false),
				(resolvedFormat == ImageFormat.PDF) ? or(this.pdf, new PdfOptions(null, null, null, null)) : this.pdf,
				this.resize);
		ResolvedOptions.Waits waits = new ResolvedOptions.Waits(or(this.waitUntil, WaitUntil.LOAD), or(this.delayMs, 0),
				this.waitForSelector, this.waitForFunction, or(this.timeoutMs, DEFAULT_TIMEOUT_MS));
		ResolvedOptions.Context context = new ResolvedOptions.Context(this.colorScheme, this.reducedMotion,
				or(this.mediaType, MediaType.SCREEN), this.locale, this.timezoneId,
				(this.userAgent != null) ? this.userAgent : ((preset != null) ? preset.userAgent() : null),
				or(this.extraHeaders, Map.of()), or(this.cookies, List.of()), or(this.javaScriptEnabled, true));
		List<BlockList> lists = new ArrayList<>();
		addIf(lists, this.blockAds, BlockList.ADS);
		addIf(lists, this.blockTrackers, BlockList.TRACKERS);
		addIf(lists, this.blockCookieBanners, BlockList.COOKIE_BANNERS);
		addIf(lists, this.blockChats, BlockList.CHATS);
		ResolvedOptions.Blocking blocking = new ResolvedOptions.Blocking(or(this.blockResourceTypes, List.of()),
				or(this.blockUrlPatterns, List.of()), List.copyOf(lists), or(this.cookieConsent, CookieConsent.REJECT));
		ResolvedOptions.BeforeCapture beforeCapture = new ResolvedOptions.BeforeCapture(this.css,
				or(this.hideSelectors, List.of()), this.js, or(this.actions, List.of()),
				or(this.disableAnimations, false));
		ResolvedOptions.Checks checks = new ResolvedOptions.Checks(or(this.failOnHttpError, false),
				this.failIfTextMissing, this.failIfTextPresent);
		ResolvedOptions.Artifacts artifacts = new ResolvedOptions.Artifacts(
				(this.artifacts != null) ? List.copyOf(new java.util.TreeSet<>(this.artifacts)) : List.of(),
				this.thumbnail);
		return new ResolvedOptions((preset != null) ? preset.name() : this.device, viewport, area, output, waits,
				context, blocking, beforeCapture, checks, artifacts);
	}

	private static void addIf(List<BlockList> lists, Boolean flag, BlockList list) {
		if (Boolean.TRUE.equals(flag)) {
			lists.add(list);
		}
	}

	/**
	 * Whether {@code timezoneId} is an IANA time zone.
	 * @return {@code true} if valid or absent
	 */
	@JsonIgnore
	@AssertTrue(message = "timezoneId must be an IANA time zone such as Europe/Berlin")
	public boolean isTimezoneValid() {
		if (this.timezoneId == null) {
			return true;
		}
		try {
			ZoneId.of(this.timezoneId);
			return true;
		}
		catch (DateTimeException ex) {
			return false;
		}
	}

	/**
	 * Whether the capture area is given at most one way.
	 * @return {@code false} when two of {@code fullPage}, {@code clip} and
	 * {@code selector} are set
	 */
	@JsonIgnore
	@AssertTrue(message = "choose at most one of fullPage, clip and selector")
	public boolean isAreaUnambiguous() {
		int areas = (Boolean.TRUE.equals(this.fullPage) ? 1 : 0) + ((this.clip != null) ? 1 : 0)
				+ ((this.selector != null) ? 1 : 0);
		return areas <= 1;
	}

	/**
	 * Whether {@code pdf} and {@code omitBackground} match the format.
	 * @return {@code false} for PDF options on an image, or a transparent JPEG
	 */
	@JsonIgnore
	@AssertTrue(
			message = "pdf options need format pdf; omitBackground needs png or webp; pdf cannot be clipped to an area or resized")
	public boolean isFormatConsistent() {
		boolean pdfFormat = this.format == ImageFormat.PDF;
		if (this.pdf != null && !pdfFormat) {
			return false;
		}
		if (Boolean.TRUE.equals(this.omitBackground) && (this.format == ImageFormat.JPEG || pdfFormat)) {
			return false;
		}
		return !pdfFormat || (this.clip == null && this.selector == null && !Boolean.TRUE.equals(this.fullPage)
				&& this.resize == null);
	}

	/**
	 * Whether {@code extraHeaders} leaves the request framing and the egress proxy alone.
	 * @return {@code false} for {@code Host}, hop-by-hop and proxy headers, and
	 * {@code Cookie} (use {@code cookies})
	 */
	@JsonIgnore
	@AssertTrue(message = "extraHeaders must not set Host, Cookie, Content-Length, Transfer-Encoding, "
			+ "hop-by-hop (Connection, Keep-Alive, TE, Trailer, Upgrade) or Proxy-* headers; use cookies for cookies")
	public boolean isExtraHeadersAllowed() {
		if (this.extraHeaders == null) {
			return true;
		}
		return this.extraHeaders.keySet()
			.stream()
			.filter(Objects::nonNull)
			.map((name) -> name.toLowerCase(Locale.ROOT))
			.noneMatch((name) -> FORBIDDEN_HEADERS.contains(name) || name.startsWith("proxy-"));
	}

	/**
	 * A summary without values a client may consider secret: {@code extraHeaders} and
	 * {@code cookies} are shown by name only, {@code js} and {@code css} by length.
	 * @return the summary
	 */
	@Override
	public String toString() {
		return "CaptureOptions[device=" + this.device + ", width=" + this.width + ", height=" + this.height
				+ ", deviceScaleFactor=" + this.deviceScaleFactor + ", fullPage=" + this.fullPage + ", format="
				+ this.format + ", waitUntil=" + this.waitUntil + ", timeoutMs=" + this.timeoutMs + ", extraHeaders="
				+ ((this.extraHeaders != null) ? this.extraHeaders.keySet() : null) + ", cookies="
				+ ((this.cookies != null) ? this.cookies.stream().map(Cookie::name).toList() : null) + ", css="
				+ ((this.css != null) ? this.css.length() + " chars" : null) + ", js="
				+ ((this.js != null) ? this.js.length() + " chars" : null) + ", actions="
				+ ((this.actions != null) ? this.actions.size() : null) + ", …]";
	}

	private static <T> T or(T value, T fallback) {
		return (value != null) ? value : fallback;
	}

}
