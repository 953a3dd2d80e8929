package dev.screenshots.model.storage;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import dev.screenshots.model.capture.ImageFormat;

/**
 * The object key scheme. Keys are derived from the job alone (its id and the UTC day it
 * was created), never from the attempt or the clock at upload time, so a retried upload
 * overwrites rather than adds.
 */
public final class ObjectKeys {

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

	private ObjectKeys() {
	}

	/**
	 * Returns the key of a job's image.
	 * @param jobId the job id
	 * @param createdAt when the job was created
	 * @param format the image format
	 * @return e.g. {@code screenshots/2026/11/23/0195….png}
	 */
	public static String screenshot(UUID jobId, Instant createdAt, ImageFormat format) {
		return prefix(jobId, createdAt) + "." + format.extension();
	}

	/**
	 * Returns the key of one of a job's artifacts, under the image's key without its
	 * extension.
	 * @param jobId the job id
	 * @param createdAt when the job was created
	 * @param name the artifact's name
	 * @param extension the file name extension
	 * @return e.g. {@code screenshots/2026/11/23/0195…/har.har}
	 */
	public static String artifact(UUID jobId, Instant createdAt, String name, String extension) {
		return prefix(jobId, createdAt) + "/" + name + "." + extension;
	}

	private static String prefix(UUID jobId, Instant createdAt) {
		return "screenshots/" + DAY.format(createdAt) + "/" + jobId;
	}

}
