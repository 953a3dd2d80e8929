package dev.screenshots.model.storage;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Where the files of an inline-HTML or bundle job live, and the private origin they are
 * served from. The origin's host is under {@code .invalid} (RFC 2606): it never resolves,
 * so it can only be reached through the worker's request routing, and no two jobs share
 * it.
 */
public final class Sources {

	/** The domain under which every job gets its own origin. */
	public static final String VIRTUAL_DOMAIN = "screenshot.invalid";

	private static final Map<String, String> TYPES = Map.ofEntries(Map.entry("html", "text/html; charset=utf-8"),
			Map.entry("htm", "text/html; charset=utf-8"), Map.entry("css", "text/css; charset=utf-8"),
			Map.entry("js", "text/javascript; charset=utf-8"), Map.entry("mjs", "text/javascript; charset=utf-8"),
			Map.entry("json", "application/json"), Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"),
			Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"),
			Map.entry("webp", "image/webp"), Map.entry("avif", "image/avif"), Map.entry("ico", "image/x-icon"),
			Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"), Map.entry("ttf", "font/ttf"),
			Map.entry("otf", "font/otf"), Map.entry("txt", "text/plain; charset=utf-8"),
			Map.entry("xml", "application/xml"), Map.entry("pdf", "application/pdf"), Map.entry("mp4", "video/mp4"),
			Map.entry("webm", "video/webm"), Map.entry("mp3", "audio/mpeg"), Map.entry("wav", "audio/wav"),
			Map.entry("wasm", "application/wasm"));

	private Sources() {
	}

	/**
	 * The store prefix of a job's files.
	 * @param jobId the job
	 * @return e.g. {@code sources/0195…/}
	 */
	public static String prefix(UUID jobId) {
		return "sources/" + jobId + "/";
	}

	/**
	 * The private origin of a job.
	 * @param jobId the job
	 * @return e.g. {@code https://0195….screenshot.invalid}
	 */
	public static String origin(UUID jobId) {
		return "https://" + jobId + "." + VIRTUAL_DOMAIN;
	}

	/**
	 * The URL of one of a job's files.
	 * @param jobId the job
	 * @param path the file's path in the bundle
	 * @return the URL the page is opened at
	 */
	public static String url(UUID jobId, String path) {
		return origin(jobId) + "/" + path;
	}

	/**
	 * The media type a file is served with, by extension.
	 * @param path the file's path
	 * @return the media type, {@code application/octet-stream} when unknown
	 */
	public static String contentType(String path) {
		int dot = path.lastIndexOf('.');
		String extension = (dot >= 0) ? path.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
		return TYPES.getOrDefault(extension, "application/octet-stream");
	}

}
