package dev.screenshots.model.capture;

import java.util.Locale;

/**
 * What a job captures: a URL on the web, an HTML document sent inline, or an uploaded
 * bundle of files. Inline HTML and bundles are stored and served at the job's private
 * origin; only a bundle is isolated from everything outside its own files.
 */
public enum SourceType {

	/** A page on the web ({@code url}). */
	URL,
	/** An HTML document sent in the request ({@code html}). */
	HTML,
	/** A zip of files uploaded with the request ({@code bundle}). */
	BUNDLE;

	private final String value = name().toLowerCase(Locale.ROOT);

	/**
	 * The database and metric form.
	 * @return e.g. {@code bundle}
	 */
	public String value() {
		return this.value;
	}

	/**
	 * Whether the job's files are stored and served by the service.
	 * @return {@code true} for inline HTML and bundles
	 */
	public boolean hasFiles() {
		return this != URL;
	}

	/**
	 * Parses the database form.
	 * @param value {@code url}, {@code html} or {@code bundle}
	 * @return the type
	 * @throws IllegalArgumentException for anything else
	 */
	public static SourceType of(String value) {
		for (SourceType type : values()) {
			if (type.value.equals(value)) {
				return type;
			}
		}
		throw new IllegalArgumentException("Unknown source type '" + value + "'");
	}

}
