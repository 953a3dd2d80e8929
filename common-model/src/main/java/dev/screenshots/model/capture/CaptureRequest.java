package dev.screenshots.model.capture;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * A client's request for one screenshot.
 *
 * @param url the page to capture: an absolute http or https URL
 * @param options how to render it; {@code null} means {@link CaptureOptions#defaults()}
 */
public record CaptureRequest(@NotNull @HttpUrl String url, @NotNull @Valid CaptureOptions options) {

	public CaptureRequest {
		options = (options != null) ? options : CaptureOptions.defaults();
	}

}
