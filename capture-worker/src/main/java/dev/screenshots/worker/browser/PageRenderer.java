package dev.screenshots.worker.browser;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.JsonObject;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.Margin;
import com.microsoft.playwright.options.ScreenshotType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.screenshots.model.capture.Clip;
import dev.screenshots.model.capture.ImageFormat;
import dev.screenshots.model.capture.PdfOptions;
import dev.screenshots.model.job.ErrorCode;
import dev.screenshots.worker.CaptureFailure;

/**
 * Renders a loaded page as an image or a PDF: the viewport, the full page up to
 * {@code maxHeight}, a clip or one element, as PNG, JPEG, WebP (through the DevTools
 * protocol) or PDF.
 *
 * <p>
 * Before it is rendered the page settles ({@link #settle}), within the capture's time
 * limit: its web fonts are loaded ({@code document.fonts.ready}) and the images in the
 * captured area decoded, so a font or an image that arrives late is in the picture. With
 * {@code disableAnimations}, finite animations and transitions are finished, infinite
 * ones cancelled and the caret hidden just before the capture, as Playwright's own
 * screenshot option does, so two captures of the same page are the same.
 *
 * <p>
 * Chromium sometimes refuses a screenshot of a page that loaded fine: its
 * {@code Page.captureScreenshot} answers "Unable to capture screenshot" when the page's
 * view has no compositor frame it can copy at that moment, which happens when the machine
 * is short of CPU and the renderer's frame is late. A refusal is taken again within the
 * attempt, after the page produced a new frame, at most {@link #MAX_REFUSALS} times and
 * within the capture's time limit; only then does the attempt fail. Every retry counts in
 * {@code capture.browser.screenshot.retries}.
 */
final class PageRenderer {

	private static final Logger log = LoggerFactory.getLogger(PageRenderer.class);

	/** How many refusals of one capture are taken again. */
	static final int MAX_REFUSALS = 5;

	/** Chromium's answer when it has no frame to copy (content/browser/devtools). */
	private static final String REFUSAL = "Unable to capture screenshot";

	/**
	 * Resolves after the page rendered two more frames (the first may already have been
	 * under way), or after 250 ms when the page renders none (hidden, or frozen by a
	 * script).
	 */
	private static final String NEXT_FRAME = """
			() => new Promise((resolve) => {
			  requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)));
			  setTimeout(() => resolve(false), 250);
			})""";

	private static final String PAGE_HEIGHT = "() => Math.max(document.documentElement.scrollHeight, "
			+ "document.body ? document.body.scrollHeight : 0)";

	/**
	 * Waits for the web fonts and for the images that overlap {@code [top, bottom)} of
	 * the page (the visible viewport when {@code top} is negative), at most
	 * {@code budget} ms; an image that fails counts as done.
	 */
	private static final String SETTLE = """
			async ([budget, top, bottom]) => {
			  const deadline = Date.now() + budget;
			  const limit = (promise) => Promise.race([promise,
			      new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())))]);
			  await limit(document.fonts.ready);
			  if (top < 0) { top = window.scrollY; bottom = window.scrollY + window.innerHeight; }
			  const images = [...document.images].filter((image) => {
			    const box = image.getBoundingClientRect();
			    const y = box.top + window.scrollY;
			    return box.width > 0 && box.height > 0 && y < bottom && y + box.height > top;
			  });
			  await limit(Promise.all(images.map((image) => image.decode().catch(() => null))));
			}""";

	/**
	 * Finishes finite animations, cancels infinite ones (back to the unanimated state),
	 * and keeps transitions and the caret from showing.
	 */
	private static final String FREEZE = """
			() => {
			  for (const animation of document.getAnimations()) {
			    const timing = animation.effect ? animation.effect.getComputedTiming() : null;
			    if (timing && timing.endTime !== Infinity) { animation.finish(); } else { animation.cancel(); }
			  }
			  const style = document.createElement('style');
			  style.textContent = '*, *::before, *::after { transition: none !important; caret-color: transparent !important; }';
			  (document.head || document.documentElement).appendChild(style);
			  return new Promise((resolve) => requestAnimationFrame(() => resolve(true)));
			}""";

	private final BrowserContext context;

	private final Page page;

	private final Runnable onRetry;

	/**
	 * @param context the page's context (for DevTools sessions)
	 * @param page the page
	 * @param onRetry called for each refused screenshot that is taken again
	 */
	PageRenderer(BrowserContext context, Page page, Runnable onRetry) {
		this.context = context;
		this.page = page;
		this.onRetry = onRetry;
	}

	/**
	 * Renders the page.
	 * @param spec what to render
	 * @return the encoded output
	 * @throws PlaywrightException when the browser fails, or refused more often than
	 * {@link #MAX_REFUSALS} times
	 * @throws CaptureFailure {@code ELEMENT_NOT_FOUND} or {@code INVALID_REQUEST} for the
	 * selector
	 */
	byte[] render(CaptureSpec spec) {
		long deadline = System.nanoTime() + spec.timeout().toNanos();
		if (spec.disableAnimations()) {
			this.page.evaluate(FREEZE);
		}
		if (spec.format() == ImageFormat.PDF) {
			return pdf(spec);
		}
		int refusals = 0;
		while (true) {
			try {
				return image(spec);
			}
			catch (PlaywrightException ex) {
				if (!isRefusal(ex) || refusals >= MAX_REFUSALS || System.nanoTime() >= deadline) {
					throw ex;
				}
				refusals++;
				log.debug("Chromium refused screenshot {} of the page; taking it again after the next frame", refusals);
				this.onRetry.run();
				awaitNextFrame(refusals);
			}
		}
	}

	/**
	 * Lets fonts load and the captured area's images decode, within the time limit; what
	 * is not there by then is captured as it is. A change another part of the sandbox
	 * makes to the page first ({@code before}) and a reading it needs from the settled
	 * page ({@code after}) run in the same call into the page.
	 * @param spec what will be rendered
	 * @param before a function to call before the page settles, or {@code null}
	 * @param after a function to call once the page settled, or {@code null}
	 * @return what {@code after} answered, or what {@code before} or {@code after} threw
	 * @throws PlaywrightException when the call fails as a whole (the page navigated
	 * away, crashed)
	 */
	Settled settle(CaptureSpec spec, PageScript before, PageScript after) {
		double top = -1;
		double bottom = -1;
		if (spec.clip() != null) {
			top = spec.clip().y();
			bottom = spec.clip().y() + spec.clip().height();
		}
		else if (spec.fullPage() || spec.selector() != null || spec.format() == ImageFormat.PDF) {
			top = 0;
			bottom = spec.maxHeight();
		}
		long budget = Math.max(1, spec.timeout().toMillis());
		List<Object> settle = List.of((int) Math.min(Integer.MAX_VALUE, budget), top, bottom);
		if (before == null && after == null) {
			this.page.evaluate(SETTLE, settle);
			return new Settled(null, null);
		}
		String composed = """
				async ({ before, settle, after }) => {
				  const failed = (error) => ({ failure: String((error && error.message) || error) });
				  try {
				    %s
				  } catch (error) {
				    return failed(error);
				  }
				  await (%s)(settle);
				  try {
				    return { answer: %s };
				  } catch (error) {
				    return failed(error);
				  }
				}""".formatted((before != null) ? "await (" + before.function() + ")(before);" : "", SETTLE,
				(after != null) ? "(" + after.function() + ")(after)" : "null");
		Map<String, Object> argument = new HashMap<>();
		argument.put("before", (before != null) ? before.argument() : null);
		argument.put("settle", settle);
		argument.put("after", (after != null) ? after.argument() : null);
		Map<?, ?> answer = (Map<?, ?>) this.page.evaluate(composed, argument);
		Object failure = (answer != null) ? answer.get("failure") : null;
		return new Settled((answer != null) ? answer.get("answer") : null,
				(failure != null) ? String.valueOf(failure) : null);
	}

	/**
	 * What a settling call answered.
	 *
	 * @param answer what the reading after it answered, or {@code null}
	 * @param failure what the change before it or the reading after it threw, or
	 * {@code null}
	 */
	record Settled(Object answer, String failure) {
	}

	/**
	 * Whether an error is Chromium's transient refusal of a screenshot.
	 * @param ex the error
	 * @return true for "Unable to capture screenshot"
	 */
	static boolean isRefusal(PlaywrightException ex) {
		return ex.getMessage() != null && ex.getMessage().contains(REFUSAL);
	}

	/**
	 * Lets the renderer catch up: a short pause that grows with each refusal (25, 50, 100
	 * … ms), then two frames.
	 */
	private void awaitNextFrame(int refusals) {
		this.page.waitForTimeout(25L << Math.min(refusals - 1, 4));
		this.page.evaluate(NEXT_FRAME);
	}

	private byte[] image(CaptureSpec spec) {
		if (spec.selector() != null) {
			return element(spec);
		}
		if (spec.format() == ImageFormat.WEBP) {
			return webp(spec, pageArea(spec));
		}
		Page.ScreenshotOptions options = new Page.ScreenshotOptions().setTimeout(spec.timeout().toMillis())
			.setType((spec.format() == ImageFormat.JPEG) ? ScreenshotType.JPEG : ScreenshotType.PNG)
			.setOmitBackground(spec.omitBackground())
			.setFullPage(spec.fullPage());
		if (spec.format().lossy()) {
			options.setQuality(spec.quality());
		}
		Area area = pageArea(spec);
		if (area != null) {
			options.setClip(area.x(), area.y(), area.width(), area.height());
		}
		return this.page.screenshot(options);
	}

	/**
	 * The page rectangle to render, or {@code null} for the plain viewport or an uncapped
	 * full page.
	 */
	private Area pageArea(CaptureSpec spec) {
		Clip clip = spec.clip();
		if (clip != null) {
			return new Area(clip.x(), clip.y(), clip.width(), clip.height());
		}
		if (spec.fullPage()) {
			double height = ((Number) this.page.evaluate(PAGE_HEIGHT)).doubleValue();
			double width = this.page.viewportSize().width;
			if (height > spec.maxHeight() || spec.format() == ImageFormat.WEBP) {
				return new Area(0, 0, width, Math.max(1, Math.min(height, spec.maxHeight())));
			}
		}
		return null;
	}

	private byte[] element(CaptureSpec spec) {
		Locator element = this.page.locator(spec.selector()).first();
		int count;
		try {
			count = element.count();
		}
		catch (PlaywrightException ex) {
			throw new CaptureFailure(ErrorCode.INVALID_REQUEST,
					"The selector does not parse: " + PlaywrightErrors.summary(ex), ex);
		}
		if (count == 0) {
			throw new CaptureFailure(ErrorCode.ELEMENT_NOT_FOUND, "No element matches '" + spec.selector() + "'");
		}
		if (spec.format() == ImageFormat.WEBP) {
			element.scrollIntoViewIfNeeded();
			BoundingBox box = element.boundingBox();
			if (box == null) {
				throw new CaptureFailure(ErrorCode.ELEMENT_NOT_FOUND,
						"The element '" + spec.selector() + "' is not visible");
			}
			double scrollX = ((Number) this.page.evaluate("() => window.scrollX")).doubleValue();
			double scrollY = ((Number) this.page.evaluate("() => window.scrollY")).doubleValue();
			return webp(spec, new Area(box.x + scrollX, box.y + scrollY, box.width, box.height));
		}
		Locator.ScreenshotOptions options = new Locator.ScreenshotOptions().setTimeout(spec.timeout().toMillis())
			.setType((spec.format() == ImageFormat.JPEG) ? ScreenshotType.JPEG : ScreenshotType.PNG)
			.setOmitBackground(spec.omitBackground());
		if (spec.format().lossy()) {
			options.setQuality(spec.quality());
		}
		return element.screenshot(options);
	}

	/**
	 * WebP through the DevTools protocol ({@code Page.captureScreenshot}): Playwright's
	 * screenshot API knows only PNG and JPEG.
	 */
	private byte[] webp(CaptureSpec spec, Area area) {
		CDPSession session = this.context.newCDPSession(this.page);
		try {
			if (spec.omitBackground()) {
				JsonObject color = new JsonObject();
				color.addProperty("r", 0);
				color.addProperty("g", 0);
				color.addProperty("b", 0);
				color.addProperty("a", 0);
				JsonObject transparent = new JsonObject();
				transparent.add("color", color);
				session.send("Emulation.setDefaultBackgroundColorOverride", transparent);
			}
			JsonObject params = new JsonObject();
			params.addProperty("format", "webp");
			params.addProperty("quality", spec.quality());
			params.addProperty("fromSurface", true);
			if (area != null) {
				JsonObject clip = new JsonObject();
				clip.addProperty("x", area.x());
				clip.addProperty("y", area.y());
				clip.addProperty("width", area.width());
				clip.addProperty("height", area.height());
				clip.addProperty("scale", 1);
				params.add("clip", clip);
				params.addProperty("captureBeyondViewport", true);
			}
			JsonObject result = session.send("Page.captureScreenshot", params);
			return Base64.getDecoder().decode(result.get("data").getAsString());
		}
		finally {
			try {
				session.detach();
			}
			catch (PlaywrightException ex) {
				log.debug("Detaching the DevTools session failed", ex);
			}
		}
	}

	private byte[] pdf(CaptureSpec spec) {
		PdfOptions pdf = spec.pdf();
		Page.PdfOptions options = new Page.PdfOptions().setLandscape(pdf.landscape())
			.setPrintBackground(pdf.printBackground())
			.setMargin(new Margin().setTop(pdf.margin().top())
				.setRight(pdf.margin().right())
				.setBottom(pdf.margin().bottom())
				.setLeft(pdf.margin().left()))
			.setScale(pdf.scale())
			.setPreferCSSPageSize(pdf.preferCssPageSize())
			.setOutline(pdf.outline())
			.setTagged(pdf.tagged());
		if (pdf.width() != null) {
			options.setWidth(pdf.width()).setHeight(pdf.height());
		}
		else {
			options.setFormat(pdf.format().chromeName());
		}
		if (pdf.displayHeaderFooter()) {
			// a template not given prints nothing, rather than Chromium's default (date
			// and title, URL and page numbers)
			options.setDisplayHeaderFooter(true)
				.setHeaderTemplate((pdf.headerTemplate() != null) ? pdf.headerTemplate() : "<span></span>")
				.setFooterTemplate((pdf.footerTemplate() != null) ? pdf.footerTemplate() : "<span></span>");
		}
		if (pdf.pageRanges() != null) {
			options.setPageRanges(pdf.pageRanges());
		}
		try {
			return this.page.pdf(options);
		}
		catch (PlaywrightException ex) {
			if (pdf.pageRanges() != null && ex.getMessage() != null
					&& ex.getMessage().toLowerCase(Locale.ROOT).contains("page range")) {
				throw new CaptureFailure(ErrorCode.INVALID_REQUEST, "pdf.pageRanges '" + pdf.pageRanges()
						+ "' does not fit the document: " + ex.getMessage().lines().findFirst().orElse(""));
			}
			throw ex;
		}
	}

	/** A rectangle of the page in CSS pixels. */
	private record Area(double x, double y, double width, double height) {
	}

}
