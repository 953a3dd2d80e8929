package dev.screenshots.api.baselines;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A baseline as clients see it.
 *
 * @param name its name
 * @param currentVersion the version comparisons use
 * @param updatedAt when the current version was made
 * @param current the current version
 * @param versions every version, the newest first (absent in lists)
 * @param links {@code self} and {@code image} (the current version's image)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record BaselineView(String name, int currentVersion, Instant updatedAt, Version current, List<Version> versions,
		Map<String, String> links) {

	/**
	 * One version.
	 *
	 * @param version its number, from 1
	 * @param jobId the job whose image it is
	 * @param origin {@code set}, {@code approved} or {@code auto}
	 * @param contentType the image's media type
	 * @param bytes its size
	 * @param width its width in pixels
	 * @param height its height in pixels
	 * @param sha256 hex SHA-256 of the image
	 * @param createdAt when it was made
	 * @param image where the API serves its image
	 */
	record Version(int version, UUID jobId, String origin, String contentType, long bytes, int width, int height,
			String sha256, Instant createdAt, String image) {
	}

	/**
	 * The tenant's baselines.
	 *
	 * @param items each baseline's current version, by name
	 */
	record Page(List<BaselineView> items) {
	}

}
