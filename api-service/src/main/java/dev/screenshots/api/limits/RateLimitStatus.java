package dev.screenshots.api.limits;

/**
 * Where a key stands against its submit rate, for the {@code RateLimit-*} headers.
 *
 * @param limit submits allowed in a burst
 * @param remaining submits left right now
 * @param resetSeconds seconds until the full burst is available again
 */
public record RateLimitStatus(int limit, int remaining, long resetSeconds) {
}
