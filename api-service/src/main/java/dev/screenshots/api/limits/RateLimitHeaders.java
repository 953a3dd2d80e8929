package dev.screenshots.api.limits;

import org.springframework.http.HttpHeaders;

/**
 * The {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset}
 * headers (IETF draft "RateLimit header fields for HTTP").
 */
public final class RateLimitHeaders {

	private RateLimitHeaders() {
	}

	public static HttpHeaders of(RateLimitStatus status) {
		HttpHeaders headers = new HttpHeaders();
		headers.set("RateLimit-Limit", String.valueOf(status.limit()));
		headers.set("RateLimit-Remaining", String.valueOf(status.remaining()));
		headers.set("RateLimit-Reset", String.valueOf(status.resetSeconds()));
		return headers;
	}

}
