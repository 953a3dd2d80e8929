package dev.screenshots.model.capture;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * One step run on the page before the capture, in order.
 *
 * <table>
 * <caption>Types and their fields</caption>
 * <tr>
 * <td>{@code click}, {@code hover}</td>
 * <td>{@code selector}</td>
 * </tr>
 * <tr>
 * <td>{@code fill}</td>
 * <td>{@code selector}, {@code text}</td>
 * </tr>
 * <tr>
 * <td>{@code press}</td>
 * <td>{@code key} (e.g. {@code Enter}), optional {@code selector} to focus</td>
 * </tr>
 * <tr>
 * <td>{@code scroll}</td>
 * <td>{@code selector} to scroll into view, or {@code x}/{@code y} pixels to scroll
 * by</td>
 * </tr>
 * <tr>
 * <td>{@code wait}</td>
 * <td>{@code ms}, or {@code selector} to wait for</td>
 * </tr>
 * </table>
 *
 * @param type what to do
 * @param selector the element
 * @param text the text to type ({@code fill})
 * @param key the key to press ({@code press})
 * @param x pixels to scroll right ({@code scroll})
 * @param y pixels to scroll down ({@code scroll})
 * @param ms milliseconds to wait ({@code wait})
 * @param timeoutMs the time limit of this action, default 5000
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Action(@NotNull Type type, @Size(max = 1000) String selector, @Size(max = 10_000) String text,
		@Size(max = 64) String key, @Min(-100_000) @Max(100_000) Integer x, @Min(-100_000) @Max(100_000) Integer y,
		@Min(0) @Max(30_000) Integer ms, @Min(100) @Max(60_000) Integer timeoutMs) {

	/** The time limit of an action without its own. */
	public static final int DEFAULT_TIMEOUT_MS = 5_000;

	public Action {
		timeoutMs = (timeoutMs != null) ? timeoutMs : DEFAULT_TIMEOUT_MS;
	}

	/**
	 * Action types.
	 */
	public enum Type {

		@JsonProperty("click")
		CLICK, @JsonProperty("fill")
		FILL, @JsonProperty("hover")
		HOVER, @JsonProperty("press")
		PRESS, @JsonProperty("scroll")
		SCROLL, @JsonProperty("wait")
		WAIT

	}

	/**
	 * Whether the action has the fields its type needs.
	 * @return {@code true} when complete
	 */
	@JsonIgnore
	@AssertTrue(message = "click and hover need a selector; fill needs a selector and text; press needs a key; "
			+ "scroll needs a selector or x/y; wait needs ms or a selector")
	public boolean isComplete() {
		if (this.type == null) {
			return true;
		}
		return switch (this.type) {
			case CLICK, HOVER -> hasSelector();
			case FILL -> hasSelector() && this.text != null;
			case PRESS -> this.key != null && !this.key.isBlank();
			case SCROLL -> hasSelector() || this.x != null || this.y != null;
			case WAIT -> this.ms != null || hasSelector();
		};
	}

	private boolean hasSelector() {
		return this.selector != null && !this.selector.isBlank();
	}

}
