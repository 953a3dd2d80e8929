package dev.screenshots.model.capture;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A client's request for one screenshot, of a URL or of an inline HTML document (exactly
 * one). A file bundle arrives as a multipart upload instead; its files are stored before
 * the job is created.
 *
 * @param url the page to capture: an absolute http or https URL
 * @param html an HTML document to capture, rendered as if served from a private origin of
 * its own
 * @param options how to render it; {@code null} means no options set
 * @param priority how soon it is captured relative to other jobs; {@code null} means
 * {@link Priority#NORMAL}
 * @param webhook where to announce the outcome, or {@code null}
 * @param cache whether an identical earlier capture may answer, or {@code null} for
 * always a new capture
 * @param compare compare the capture with a baseline, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaptureRequest(@HttpUrl String url, @Size(min = 1) String html, @NotNull @Valid CaptureOptions options,
		Priority priority, @Valid Webhook webhook, @Valid ResultCache cache, @Valid Compare compare) {

	public CaptureRequest {
		options = (options != null) ? options : CaptureOptions.none();
	}

	/**
	 * A request without a comparison.
	 * @param url the page, or {@code null}
	 * @param html the document, or {@code null}
	 * @param options the options, or {@code null}
	 * @param priority the priority, or {@code null}
	 * @param webhook the webhook, or {@code null}
	 * @param cache the result cache's use, or {@code null}
	 */
	public CaptureRequest(String url, String html, CaptureOptions options, Priority priority, Webhook webhook,
			ResultCache cache) {
		this(url, html, options, priority, webhook, cache, null);
	}

	/**
	 * A request that always captures anew.
	 * @param url the page, or {@code null}
	 * @param html the document, or {@code null}
	 * @param options the options, or {@code null}
	 * @param priority the priority, or {@code null}
	 * @param webhook the webhook, or {@code null}
	 */
	public CaptureRequest(String url, String html, CaptureOptions options, Priority priority, Webhook webhook) {
		this(url, html, options, priority, webhook, null);
	}

	/**
	 * A request at the default priority.
	 * @param url the page, or {@code null}
	 * @param html the document, or {@code null}
	 * @param options the options, or {@code null}
	 */
	public CaptureRequest(String url, String html, CaptureOptions options) {
		this(url, html, options, null, null);
	}

	/**
	 * The priority asked for, or the default.
	 * @return the priority
	 */
	@JsonIgnore
	public Priority effectivePriority() {
		return (this.priority != null) ? this.priority : Priority.NORMAL;
	}

	/**
	 * Whether a comparison is of an image as captured.
	 * @return {@code false} for {@code compare} with {@code format: "pdf"} or with
	 * {@code resize} (regions and element boxes are in the captured image's pixels)
	 */
	@JsonIgnore
	@AssertTrue(message = "compare needs an image (png, jpeg or webp, not pdf) as captured (not resized)")
	public boolean isCompareOfAnImage() {
		return this.compare == null || (this.options.format() != ImageFormat.PDF && this.options.resize() == null);
	}

	/**
	 * Whether exactly one input is given.
	 * @return {@code false} when both or neither of {@code url} and {@code html} are set
	 */
	@JsonIgnore
	@AssertTrue(message = "give exactly one of url and html (or upload a bundle as multipart/form-data)")
	public boolean isInput() {
		return (this.url != null) != (this.html != null);
	}

}
