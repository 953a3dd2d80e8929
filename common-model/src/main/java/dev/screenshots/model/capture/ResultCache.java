package dev.screenshots.model.capture;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Whether a request may be answered with an identical earlier capture of the tenant (same
 * normalised URL or files, same applied options) instead of capturing again.
 *
 * @param ttl seconds: how old a completed identical capture may be; {@code null} for the
 * configured default ({@code api.cache.default-ttl})
 * @param refresh capture again even when a young enough one exists, default {@code false}
 */
public record ResultCache(@Min(0) @Max(MAX_TTL_SECONDS) Integer ttl, Boolean refresh) {

	/** The most a request may ask for, 30 days; a configured maximum may be lower. */
	public static final int MAX_TTL_SECONDS = 30 * 24 * 3600;

	/**
	 * Whether to pass over finished captures.
	 * @return {@code refresh}, {@code false} when absent
	 */
	public boolean isRefresh() {
		return Boolean.TRUE.equals(this.refresh);
	}

}
