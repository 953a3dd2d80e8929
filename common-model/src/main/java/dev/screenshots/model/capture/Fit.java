package dev.screenshots.model.capture;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How an image is scaled into a box of {@code width} × {@code height} ({@code thumbnail},
 * {@code resize}). With only one side given, the other follows the image's proportions
 * and every fit gives the same.
 */
public enum Fit {

	/**
	 * Fill the box exactly, keeping proportions and cutting what overflows: the left and
	 * right equally, the bottom only (the top of a page is what a preview should show).
	 * The default.
	 */
	@JsonProperty("cover")
	COVER,

	/**
	 * The whole image in the box exactly, keeping proportions; the rest of the box is
	 * transparent (PNG, WebP) or white (JPEG).
	 */
	@JsonProperty("contain")
	CONTAIN,

	/**
	 * The whole image, keeping proportions, as large as fits the box; the result may be
	 * smaller than the box on one side.
	 */
	@JsonProperty("inside")
	INSIDE

}
