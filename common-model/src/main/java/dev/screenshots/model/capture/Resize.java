package dev.screenshots.model.capture;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Scales the captured image itself before it is stored ({@code resize}); the result's
 * {@code width} and {@code height} are the scaled size.
 *
 * @param width the box's width in pixels, or {@code null} to follow the proportions
 * @param height the box's height in pixels, or {@code null} to follow the proportions
 * @param fit how the image fills the box, default {@code cover}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Resize(@Min(1) @Max(MAX_SIDE) Integer width, @Min(1) @Max(MAX_SIDE) Integer height, Fit fit) {

	/** The longest side a scaled image may have, in pixels. */
	public static final int MAX_SIDE = 8192;

	public Resize {
		fit = (fit != null) ? fit : Fit.COVER;
	}

	/**
	 * Whether a side is given.
	 * @return {@code false} when neither {@code width} nor {@code height} is
	 */
	@JsonIgnore
	@AssertTrue(message = "give resize.width, resize.height or both")
	public boolean isSized() {
		return this.width != null || this.height != null;
	}

}
