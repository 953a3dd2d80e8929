package dev.screenshots.model.capture;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What the {@code artifacts} option asks to keep of the page besides its picture, each
 * stored next to the image and listed in {@code result.artifacts} under its name.
 */
public enum ArtifactKind {

	/** The DOM after the page's scripts ran, serialised. */
	HTML("text/html; charset=utf-8", "html"),

	/** The page's visible text ({@code innerText} of the body). */
	TEXT("text/plain; charset=utf-8", "txt"),

	/**
	 * Title, description, Open Graph and Twitter card fields, icons, canonical URL,
	 * language, final URL and status, as JSON.
	 */
	METADATA("application/json", "json"),

	/** A HAR 1.2 log of the page's requests, blocked ones marked. */
	HAR("application/json", "har"),

	/** The console messages and uncaught page errors with their level, as JSON. */
	CONSOLE("application/json", "json");

	private final String value = name().toLowerCase(Locale.ROOT);

	private final String contentType;

	private final String extension;

	ArtifactKind(String contentType, String extension) {
		this.contentType = contentType;
		this.extension = extension;
	}

	/**
	 * The wire name, also the artifact's name in {@code result.artifacts}.
	 * @return e.g. {@code har}
	 */
	@JsonValue
	public String value() {
		return this.value;
	}

	/**
	 * The stored object's media type.
	 * @return e.g. {@code text/html; charset=utf-8}
	 */
	public String contentType() {
		return this.contentType;
	}

	/**
	 * The stored object's file name extension.
	 * @return e.g. {@code har}
	 */
	public String extension() {
		return this.extension;
	}

	/**
	 * Parses the wire form, case-insensitively.
	 * @param value a name
	 * @return the kind
	 * @throws IllegalArgumentException for any other value
	 */
	@JsonCreator
	public static ArtifactKind of(String value) {
		for (ArtifactKind kind : values()) {
			if (kind.value.equalsIgnoreCase(value)) {
				return kind;
			}
		}
		throw new IllegalArgumentException("must be one of html, text, metadata, har, console");
	}

}
