package dev.screenshots.model.capture;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The page load state a capture waits for before the optional delay.
 */
public enum WaitUntil {

	/** The response arrived and the document started loading. */
	COMMIT,
	/** The DOM is parsed ({@code DOMContentLoaded}). */
	DOMCONTENTLOADED,
	/** The {@code load} event fired: the document and its subresources are loaded. */
	LOAD,
	/** No network connection for at least 500 ms. */
	NETWORKIDLE;

	private final String value = name().toLowerCase(Locale.ROOT);

	@JsonValue
	public String value() {
		return this.value;
	}

	/**
	 * Parses the wire form, case-insensitively.
	 * @param value a load state name
	 * @return the load state
	 * @throws IllegalArgumentException for any other value
	 */
	@JsonCreator
	public static WaitUntil of(String value) {
		for (WaitUntil waitUntil : values()) {
			if (waitUntil.value.equalsIgnoreCase(value)) {
				return waitUntil;
			}
		}
		throw new IllegalArgumentException("must be one of commit, domcontentloaded, load, networkidle");
	}

}
