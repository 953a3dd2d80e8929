package dev.screenshots.model.capture;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * How to render a page. Every field is optional in a request; a missing field takes the
 * default documented here, so an instance always holds the options actually applied.
 *
 * @param width viewport width in CSS pixels,
 * {@value #MIN_DIMENSION}–{@value #MAX_DIMENSION}, default {@value #DEFAULT_WIDTH}
 * @param height viewport height in CSS pixels,
 * {@value #MIN_DIMENSION}–{@value #MAX_DIMENSION}, default {@value #DEFAULT_HEIGHT}
 * @param format output format, default {@code png}
 * @param quality JPEG quality 1–100, default {@value #DEFAULT_QUALITY}; ignored for PNG
 * @param fullPage capture the whole scrollable page instead of the viewport, default
 * {@code false}
 * @param waitUntil the load state to wait for, default {@code load}
 * @param delayMs extra wait after the load state, 0–{@value #MAX_DELAY_MS} ms, default 0
 * @param timeoutMs how long loading the page may take,
 * {@value #MIN_TIMEOUT_MS}–{@value #MAX_TIMEOUT_MS} ms, default
 * {@value #DEFAULT_TIMEOUT_MS}
 */
public record CaptureOptions(@Min(MIN_DIMENSION) @Max(MAX_DIMENSION) Integer width,
		@Min(MIN_DIMENSION) @Max(MAX_DIMENSION) Integer height, ImageFormat format, @Min(1) @Max(100) Integer quality,
		Boolean fullPage, WaitUntil waitUntil, @Min(0) @Max(MAX_DELAY_MS) Integer delayMs,
		@Min(MIN_TIMEOUT_MS) @Max(MAX_TIMEOUT_MS) Integer timeoutMs) {

	public static final int MIN_DIMENSION = 16;

	public static final int MAX_DIMENSION = 3840;

	public static final int DEFAULT_WIDTH = 1280;

	public static final int DEFAULT_HEIGHT = 720;

	public static final int DEFAULT_QUALITY = 80;

	public static final int MAX_DELAY_MS = 30_000;

	public static final int MIN_TIMEOUT_MS = 1_000;

	public static final int MAX_TIMEOUT_MS = 120_000;

	public static final int DEFAULT_TIMEOUT_MS = 30_000;

	public CaptureOptions {
		width = (width != null) ? width : DEFAULT_WIDTH;
		height = (height != null) ? height : DEFAULT_HEIGHT;
		format = (format != null) ? format : ImageFormat.PNG;
		quality = (quality != null) ? quality : DEFAULT_QUALITY;
		fullPage = (fullPage != null) ? fullPage : Boolean.FALSE;
		waitUntil = (waitUntil != null) ? waitUntil : WaitUntil.LOAD;
		delayMs = (delayMs != null) ? delayMs : 0;
		timeoutMs = (timeoutMs != null) ? timeoutMs : DEFAULT_TIMEOUT_MS;
	}

	/**
	 * Returns the options a request without an {@code options} object gets.
	 * @return all defaults
	 */
	public static CaptureOptions defaults() {
		return new CaptureOptions(null, null, null, null, null, null, null, null);
	}

}
