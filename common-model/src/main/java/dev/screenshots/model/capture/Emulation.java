package dev.screenshots.model.capture;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Values of the emulation options.
 */
public final class Emulation {

	private Emulation() {
	}

	/**
	 * {@code prefers-color-scheme}.
	 */
	public enum ColorScheme {

		@JsonProperty("light")
		LIGHT, @JsonProperty("dark")
		DARK, @JsonProperty("no-preference")
		NO_PREFERENCE

	}

	/**
	 * {@code prefers-reduced-motion}.
	 */
	public enum ReducedMotion {

		@JsonProperty("reduce")
		REDUCE, @JsonProperty("no-preference")
		NO_PREFERENCE

	}

	/**
	 * The CSS media type.
	 */
	public enum MediaType {

		@JsonProperty("screen")
		SCREEN, @JsonProperty("print")
		PRINT

	}

	/**
	 * Kinds of requests that can be blocked, as browsers classify them.
	 */
	public enum ResourceType {

		@JsonProperty("stylesheet")
		STYLESHEET, @JsonProperty("image")
		IMAGE, @JsonProperty("media")
		MEDIA, @JsonProperty("font")
		FONT, @JsonProperty("script")
		SCRIPT, @JsonProperty("texttrack")
		TEXTTRACK, @JsonProperty("xhr")
		XHR, @JsonProperty("fetch")
		FETCH, @JsonProperty("eventsource")
		EVENTSOURCE, @JsonProperty("websocket")
		WEBSOCKET, @JsonProperty("manifest")
		MANIFEST, @JsonProperty("other")
		OTHER;

		/**
		 * The browser's name of the type.
		 * @return e.g. {@code stylesheet}
		 */
		public String browserName() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
