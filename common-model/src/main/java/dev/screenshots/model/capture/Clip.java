package dev.screenshots.model.capture;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * A rectangle of the page to capture, in CSS pixels from the top-left corner of the page.
 *
 * @param x left edge
 * @param y top edge
 * @param width width
 * @param height height
 */
public record Clip(@NotNull @Min(0) @Max(100_000) Integer x, @NotNull @Min(0) @Max(100_000) Integer y,
		@NotNull @Min(1) @Max(16_384) Integer width, @NotNull @Min(1) @Max(16_384) Integer height) {
}
