package dev.screenshots.api.screenshots;

import jakarta.validation.Valid;

import dev.screenshots.model.capture.CaptureOptions;
import dev.screenshots.model.capture.Priority;
import dev.screenshots.model.capture.ResultCache;
import dev.screenshots.model.capture.Webhook;

/**
 * The JSON {@code request} part of a bundle upload.
 *
 * @param entry the page to open, a path in the bundle; {@code index.html} when absent
 * @param options the capture options, as for a URL
 * @param priority the priority, as for a URL
 * @param webhook where to announce the outcome, as for a URL
 * @param cache whether an identical earlier capture may answer, as for a URL
 */
record BundleRequest(String entry, @Valid CaptureOptions options, Priority priority, @Valid Webhook webhook,
		@Valid ResultCache cache) {

	BundleRequest {
		options = (options != null) ? options : CaptureOptions.none();
	}

}
