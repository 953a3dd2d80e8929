package dev.screenshots.model.job;

/**
 * Stable, machine-readable reasons a job failed. Clients may switch on the name; it never
 * changes once published. Each code says whether another attempt could succeed.
 */
public enum ErrorCode {

	/** The request did not pass validation in the worker. */
	INVALID_REQUEST(false, "The capture request is invalid."),
	/** The URL's scheme or target is not allowed by policy. */
	URL_NOT_ALLOWED(false, "The URL is not allowed."),
	/**
	 * The URL answered with something a browser does not render as a page (e.g. a
	 * download).
	 */
	UNSUPPORTED_CONTENT(false, "The URL did not return a page that can be rendered."),
	/** The page answered without content (HTTP 204 or 205). */
	EMPTY_PAGE(false, "The page returned nothing to capture."),
	/** The element to capture ({@code selector}) is not on the page. */
	ELEMENT_NOT_FOUND(false, "The element to capture was not found."),
	/**
	 * The main document answered with an HTTP error status and {@code failOnHttpError}
	 * was asked. Retried for a 5xx answer, not for a 4xx one; the message carries the
	 * status.
	 */
	HTTP_ERROR(true, "The page answered with an HTTP error status."),
	/**
	 * The page's visible text lacked {@code failIfTextMissing} or contained
	 * {@code failIfTextPresent}.
	 */
	CONTENT_CHECK_FAILED(false, "The page's text did not pass the content check."),
	/** A pre-capture action failed; the message names its index. */
	ACTION_FAILED(false, "A pre-capture action failed."),
	/**
	 * A script of the request ({@code js}, {@code waitForFunction}) threw or does not
	 * parse.
	 */
	SCRIPT_FAILED(false, "A script of the request failed."),
	/** {@code waitForSelector} or {@code waitForFunction} did not come true in time. */
	WAIT_CONDITION_TIMEOUT(true, "The page did not reach the awaited condition in time."),
	/** The page did not reach the requested load state in time. */
	NAVIGATION_TIMEOUT(true, "The page did not finish loading in time."),
	/** The page could not be loaded: DNS, connection, TLS or protocol error. */
	NAVIGATION_FAILED(true, "The page could not be loaded."),
	/** The browser could not render the image. */
	CAPTURE_FAILED(true, "The screenshot could not be taken."),
	/** The browser process crashed or disconnected during the job. */
	BROWSER_CRASHED(true, "The browser stopped unexpectedly."),
	/** The image could not be written to object storage. */
	STORAGE_FAILED(true, "The image could not be stored."),
	/**
	 * The worker holding the job stopped heartbeating (crashed or cut off) before
	 * finishing it.
	 */
	WORKER_LOST(true, "The worker running the job stopped."),
	/** An unexpected error in the worker. */
	INTERNAL_ERROR(true, "An internal error occurred.");

	private final boolean retryable;

	private final String description;

	ErrorCode(boolean retryable, String description) {
		this.retryable = retryable;
		this.description = description;
	}

	/**
	 * Whether another attempt of the same job could succeed.
	 * @return {@code true} for transient failures
	 */
	public boolean retryable() {
		return this.retryable;
	}

	/**
	 * A short, safe description for clients.
	 * @return the description
	 */
	public String description() {
		return this.description;
	}

}
