package dev.screenshots.worker.browser;

import java.time.Duration;

import dev.screenshots.model.capture.Clip;
import dev.screenshots.model.capture.ImageFormat;
import dev.screenshots.model.capture.PdfOptions;
import dev.screenshots.model.capture.ResolvedOptions;

/**
 * What to render.
 *
 * @param format the output format
 * @param quality the quality of lossy formats
 * @param fullPage the whole scrollable page
 * @param maxHeight the tallest full-page capture in CSS pixels
 * @param clip only this rectangle, or {@code null}
 * @param selector only this element, or {@code null}
 * @param omitBackground transparent background (PNG, WebP)
 * @param pdf PDF layout when the format is PDF
 * @param timeout the time limit
 * @param disableAnimations finish or cancel animations and hide the caret first
 */
public record CaptureSpec(ImageFormat format, int quality, boolean fullPage, int maxHeight, Clip clip, String selector,
		boolean omitBackground, PdfOptions pdf, Duration timeout, boolean disableAnimations) {

	/**
	 * What a job's options ask to render.
	 * @param options the job's resolved options
	 * @return the spec, with the job's time limit
	 */
	public static CaptureSpec of(ResolvedOptions options) {
		ResolvedOptions.Output output = options.output();
		ResolvedOptions.Area area = options.area();
		return new CaptureSpec(output.format(), output.quality(), area.fullPage(), area.maxHeight(), area.clip(),
				area.selector(), output.omitBackground(), output.pdf(), Duration.ofMillis(options.waits().timeoutMs()),
				options.beforeCapture().disableAnimations());
	}

	/**
	 * @param limit another time limit
	 * @return this spec with that limit
	 */
	public CaptureSpec withTimeout(Duration limit) {
		return new CaptureSpec(this.format, this.quality, this.fullPage, this.maxHeight, this.clip, this.selector,
				this.omitBackground, this.pdf, limit, this.disableAnimations);
	}

	/**
	 * The viewport as a PNG.
	 * @param timeout the time limit
	 * @return the spec
	 */
	public static CaptureSpec png(Duration timeout) {
		return new CaptureSpec(ImageFormat.PNG, 80, false, 16_384, null, null, false, null, timeout, false);
	}

}
