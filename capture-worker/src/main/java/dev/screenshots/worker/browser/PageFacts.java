package dev.screenshots.worker.browser;

/**
 * What the sandbox observed of the page.
 *
 * @param title the document title, or {@code null}
 * @param consoleErrors console errors and uncaught exceptions
 * @param blockedByPolicy requests the URL policy blocked
 * @param blockedByOptions requests the job's
 * {@code blockResourceTypes}/{@code blockUrlPatterns} blocked
 */
public record PageFacts(String title, int consoleErrors, int blockedByPolicy, int blockedByOptions) {
}
