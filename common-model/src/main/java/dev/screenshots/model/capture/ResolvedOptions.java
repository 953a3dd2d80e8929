package dev.screenshots.model.capture;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.screenshots.model.capture.Emulation.ColorScheme;
import dev.screenshots.model.capture.Emulation.MediaType;
import dev.screenshots.model.capture.Emulation.ReducedMotion;
import dev.screenshots.model.capture.Emulation.ResourceType;

/**
 * The options a job is captured with: what the client sent ({@link CaptureOptions}) with
 * the device preset and the defaults applied ({@link CaptureOptions#resolve()}), grouped
 * by what they act on. Every group and every value that has a default is set; what has no
 * default ({@code clip}, {@code selector}, {@code locale}, a {@code js} script …) is
 * {@code null} or empty. On the wire and in the database the options stay one flat object
 * ({@link #toWire()}).
 *
 * @param device the device preset's name, or {@code null}
 * @param viewport the viewport and device
 * @param area what part of the page is captured
 * @param output the encoding
 * @param waits what the page must reach before the capture, and the time limit
 * @param context what the browser context emulates and sends
 * @param blocking what the page must not load
 * @param beforeCapture what is done to the page before the capture
 * @param checks what fails the job although the page loaded
 * @param artifacts what is kept besides the picture
 */
public record ResolvedOptions(String device, Viewport viewport, Area area, Output output, Waits waits, Context context,
		Blocking blocking, BeforeCapture beforeCapture, Checks checks, Artifacts artifacts) {

	public ResolvedOptions {
		Objects.requireNonNull(viewport, "viewport");
		Objects.requireNonNull(area, "area");
		Objects.requireNonNull(output, "output");
		Objects.requireNonNull(waits, "waits");
		Objects.requireNonNull(context, "context");
		Objects.requireNonNull(blocking, "blocking");
		Objects.requireNonNull(beforeCapture, "beforeCapture");
		Objects.requireNonNull(checks, "checks");
		Objects.requireNonNull(artifacts, "artifacts");
	}

	/**
	 * The options with every default: what a request without {@code options} gets.
	 * @return the defaults
	 */
	public static ResolvedOptions defaults() {
		return CaptureOptions.none().resolve();
	}

	/**
	 * These options with animations stilled and the caret hidden, as a comparison wants
	 * them unless the client said otherwise.
	 * @return the options with {@code disableAnimations}
	 */
	public ResolvedOptions withDisableAnimations() {
		BeforeCapture still = new BeforeCapture(this.beforeCapture.css(), this.beforeCapture.hideSelectors(),
				this.beforeCapture.js(), this.beforeCapture.actions(), true);
		return new ResolvedOptions(this.device, this.viewport, this.area, this.output, this.waits, this.context,
				this.blocking, still, this.checks, this.artifacts);
	}

	/**
	 * The flat form of the API and of the {@code options} column: every field the
	 * resolution set, {@code null} where there is no value.
	 * @return the options as the wire shows them
	 */
	public CaptureOptions toWire() {
		return new CaptureOptions(this.device, this.viewport.width(), this.viewport.height(),
				this.viewport.deviceScaleFactor(), this.viewport.isMobile(), this.viewport.hasTouch(),
				this.area.fullPage(), this.area.maxHeight(), this.area.clip(), this.area.selector(),
				this.output.format(), this.output.quality(), this.output.omitBackground(), this.output.pdf(),
				this.waits.waitUntil(), this.waits.delayMs(), this.waits.waitForSelector(),
				this.waits.waitForFunction(), this.waits.timeoutMs(), this.context.colorScheme(),
				this.context.reducedMotion(), this.context.mediaType(), this.context.locale(),
				this.context.timezoneId(), this.context.userAgent(), this.context.extraHeaders(),
				this.context.cookies(), this.context.javaScriptEnabled(), this.beforeCapture.hideSelectors(),
				this.beforeCapture.css(), this.beforeCapture.js(), this.blocking.resourceTypes(),
				this.blocking.urlPatterns(), this.beforeCapture.actions(), this.checks.failOnHttpError(),
				this.checks.failIfTextMissing(), this.checks.failIfTextPresent(),
				this.beforeCapture.disableAnimations(), this.blocking.lists().contains(BlockList.ADS),
				this.blocking.lists().contains(BlockList.TRACKERS),
				this.blocking.lists().contains(BlockList.COOKIE_BANNERS),
				this.blocking.lists().contains(BlockList.CHATS), this.blocking.cookieConsent(),
				this.artifacts.kinds().isEmpty() ? null : this.artifacts.kinds(), this.artifacts.thumbnail(),
				this.output.resize());
	}

	/**
	 * The viewport and the device it pretends to be.
	 *
	 * @param width in CSS pixels
	 * @param height in CSS pixels
	 * @param deviceScaleFactor device pixels per CSS pixel
	 * @param isMobile mobile layout
	 * @param hasTouch touch events
	 */
	public record Viewport(int width, int height, double deviceScaleFactor, boolean isMobile, boolean hasTouch) {

		/**
		 * The viewport's size in device pixels.
		 * @return width × height × deviceScaleFactor², rounded per side
		 */
		public long devicePixels() {
			return Math.round(this.width * this.deviceScaleFactor) * Math.round(this.height * this.deviceScaleFactor);
		}

	}

	/**
	 * What part of the page is captured: the viewport, the whole page up to
	 * {@code maxHeight}, a {@code clip} or one element (at most one of the last three).
	 *
	 * @param fullPage the whole scrollable page
	 * @param maxHeight the tallest full-page capture in CSS pixels
	 * @param clip a rectangle of the page, or {@code null}
	 * @param selector the element, or {@code null}
	 */
	public record Area(boolean fullPage, int maxHeight, Clip clip, String selector) {
	}

	/**
	 * How the capture is encoded.
	 *
	 * @param format the format
	 * @param quality JPEG/WebP quality
	 * @param omitBackground transparent background (PNG, WebP)
	 * @param pdf the PDF layout when the format is PDF, else {@code null}
	 * @param resize how the image is scaled before it is stored, or {@code null}
	 */
	public record Output(ImageFormat format, int quality, boolean omitBackground, PdfOptions pdf, Resize resize) {
	}

	/**
	 * What is kept of the page besides the picture.
	 *
	 * @param kinds the page artifacts, in the order of {@link ArtifactKind}, each once
	 * @param thumbnail the smaller second image, or {@code null}
	 */
	public record Artifacts(List<ArtifactKind> kinds, Thumbnail thumbnail) {

		/**
		 * Whether anything is kept besides the picture.
		 * @return {@code true} for page artifacts or a thumbnail
		 */
		public boolean any() {
			return !this.kinds.isEmpty() || this.thumbnail != null;
		}

	}

	/**
	 * What the page must reach before the capture.
	 *
	 * @param waitUntil the load state
	 * @param delayMs a pause after everything else
	 * @param waitForSelector an element to wait for, or {@code null}
	 * @param waitForFunction an expression to wait for, or {@code null}
	 * @param timeoutMs the limit of loading and of each wait
	 */
	public record Waits(WaitUntil waitUntil, int delayMs, WaitForSelector waitForSelector, String waitForFunction,
			int timeoutMs) {
	}

	/**
	 * What the browser context emulates and sends with every request.
	 *
	 * @param colorScheme {@code prefers-color-scheme}, or {@code null} for the browser's
	 * @param reducedMotion {@code prefers-reduced-motion}, or {@code null}
	 * @param mediaType the CSS media type
	 * @param locale the locale, or {@code null}
	 * @param timezoneId the time zone, or {@code null}
	 * @param userAgent the user agent, or {@code null} for the browser's
	 * @param extraHeaders headers added to every request
	 * @param cookies cookies set before loading
	 * @param javaScriptEnabled whether the page's scripts run
	 */
	public record Context(ColorScheme colorScheme, ReducedMotion reducedMotion, MediaType mediaType, String locale,
			String timezoneId, String userAgent, Map<String, String> extraHeaders, List<Cookie> cookies,
			boolean javaScriptEnabled) {

		/**
		 * A summary without header values, which a client may consider secret (cookies
		 * print without values themselves).
		 * @return the summary
		 */
		@Override
		public String toString() {
			return "Context[colorScheme=" + this.colorScheme + ", reducedMotion=" + this.reducedMotion + ", mediaType="
					+ this.mediaType + ", locale=" + this.locale + ", timezoneId=" + this.timezoneId + ", userAgent="
					+ this.userAgent + ", extraHeaders=" + this.extraHeaders.keySet() + ", cookies=" + this.cookies
					+ ", javaScriptEnabled=" + this.javaScriptEnabled + "]";
		}

	}

	/**
	 * What the page must not load.
	 *
	 * @param resourceTypes request types ({@code blockResourceTypes})
	 * @param urlPatterns URL globs ({@code blockUrlPatterns})
	 * @param lists the filter lists switched on ({@code blockAds}, {@code blockTrackers},
	 * {@code blockCookieBanners}, {@code blockChats}), in the order of {@link BlockList}
	 * @param cookieConsent what a recognised consent platform is answered when
	 * {@code blockCookieBanners} is on
	 */
	public record Blocking(List<ResourceType> resourceTypes, List<String> urlPatterns, List<BlockList> lists,
			CookieConsent cookieConsent) {

		/**
		 * Only the options' own patterns and types, no lists.
		 * @param resourceTypes request types
		 * @param urlPatterns URL globs
		 * @return the blocking
		 */
		public static Blocking of(List<ResourceType> resourceTypes, List<String> urlPatterns) {
			return new Blocking(resourceTypes, urlPatterns, List.of(), CookieConsent.REJECT);
		}

	}

	/**
	 * What is done to the loaded page before the capture, in this order.
	 *
	 * @param css a style sheet to add, or {@code null}
	 * @param hideSelectors elements to hide
	 * @param js a script to run, or {@code null}
	 * @param actions steps to perform
	 * @param disableAnimations whether animations are finished or cancelled and the caret
	 * hidden just before the capture
	 */
	public record BeforeCapture(String css, List<String> hideSelectors, String js, List<Action> actions,
			boolean disableAnimations) {

		/**
		 * A summary with the css and the script by length only.
		 * @return the summary
		 */
		@Override
		public String toString() {
			return "BeforeCapture[css=" + ((this.css != null) ? this.css.length() + " chars" : null)
					+ ", hideSelectors=" + this.hideSelectors + ", js="
					+ ((this.js != null) ? this.js.length() + " chars" : null) + ", actions=" + this.actions.size()
					+ ", disableAnimations=" + this.disableAnimations + "]";
		}

	}

	/**
	 * What fails a job although its page loaded.
	 *
	 * @param failOnHttpError fail with {@code HTTP_ERROR} on a 4xx or 5xx main document
	 * @param failIfTextMissing text the page's visible text must contain, or {@code null}
	 * @param failIfTextPresent text the page's visible text must not contain, or
	 * {@code null}
	 */
	public record Checks(boolean failOnHttpError, String failIfTextMissing, String failIfTextPresent) {
	}

}
