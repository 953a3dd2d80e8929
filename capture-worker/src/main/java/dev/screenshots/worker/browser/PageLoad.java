package dev.screenshots.worker.browser;

/**
 * What navigating to a page gave.
 *
 * @param httpStatus the main document's HTTP status, or {@code null} when there was no
 * HTTP response (e.g. {@code about:blank})
 * @param finalUrl the URL after redirects
 */
public record PageLoad(Integer httpStatus, String finalUrl) {

}
