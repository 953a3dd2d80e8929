package dev.screenshots.model.capture;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Output image formats.
 */
public enum ImageFormat {

	PNG("image/png", "png"),

	JPEG("image/jpeg", "jpg"),

	/** Encoded by Chromium through the DevTools protocol. */
	WEBP("image/webp", "webp"),

	/** A printed document (Chromium's print to PDF), not an image. */
	PDF("application/pdf", "pdf");

	private final String value = name().toLowerCase(Locale.ROOT);

	private final String contentType;

	private final String extension;

	ImageFormat(String contentType, String extension) {
		this.contentType = contentType;
		this.extension = extension;
	}

	@JsonValue
	public String value() {
		return this.value;
	}

	public String contentType() {
		return this.contentType;
	}

	/**
	 * The file name extension used for stored objects.
	 * @return e.g. {@code png}
	 */
	public String extension() {
		return this.extension;
	}

	/**
	 * Whether the {@code quality} option applies to this format.
	 * @return {@code true} for lossy formats
	 */
	public boolean lossy() {
		return this == JPEG || this == WEBP;
	}

	/**
	 * Parses the wire form, case-insensitively; {@code jpg} is accepted for
	 * {@link #JPEG}.
	 * @param value a format name
	 * @return the format
	 * @throws IllegalArgumentException for any other value
	 */
	@JsonCreator
	public static ImageFormat of(String value) {
		for (ImageFormat format : values()) {
			if (format.value.equalsIgnoreCase(value) || format.extension.equalsIgnoreCase(value)) {
				return format;
			}
		}
		throw new IllegalArgumentException("must be one of png, jpeg, webp, pdf");
	}

}
