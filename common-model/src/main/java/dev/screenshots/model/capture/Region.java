package dev.screenshots.model.capture;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * A rectangle of the captured image, in image pixels from its top-left corner (with a
 * {@code deviceScaleFactor} of 2, twice the CSS pixels).
 *
 * @param x left edge
 * @param y top edge
 * @param width width
 * @param height height
 */
public record Region(@NotNull @Min(0) @Max(100_000) Integer x, @NotNull @Min(0) @Max(100_000) Integer y,
		@NotNull @Min(1) @Max(100_000) Integer width, @NotNull @Min(1) @Max(100_000) Integer height) {
}
