package dev.screenshots.model.capture;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Wait until an element matches before capturing.
 *
 * @param selector a CSS (or Playwright) selector
 * @param state {@code visible} (default) or {@code attached}
 */
public record WaitForSelector(@NotBlank @Size(max = 1000) String selector, State state) {

	public WaitForSelector {
		state = (state != null) ? state : State.VISIBLE;
	}

	/**
	 * What the element must be.
	 */
	public enum State {

		/** In the DOM and visible. */
		@JsonProperty("visible")
		VISIBLE,
		/** In the DOM. */
		@JsonProperty("attached")
		ATTACHED

	}

}
