package dev.screenshots.model.capture;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * A second, smaller image stored as the artifact {@code thumbnail} ({@code thumbnail}).
 *
 * @param width the box's width in pixels, or {@code null} to follow the proportions
 * @param height the box's height in pixels, or {@code null} to follow the proportions
 * @param fit how the image fills the box, default {@code cover}
 * @param format {@code png}, {@code jpeg} or {@code webp}; default the image's own
 * ({@code png} for a PDF, whose first page is then the thumbnail's picture)
 * @param quality JPEG/WebP quality 1–100, default the capture's {@code quality}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Thumbnail(@Min(1) @Max(MAX_SIDE) Integer width, @Min(1) @Max(MAX_SIDE) Integer height, Fit fit,
		ImageFormat format, @Min(1) @Max(100) Integer quality) {

	/** The longest side of a thumbnail, in pixels. */
	public static final int MAX_SIDE = 2048;

	public Thumbnail {
		fit = (fit != null) ? fit : Fit.COVER;
	}

	/**
	 * Whether a side is given.
	 * @return {@code false} when neither {@code width} nor {@code height} is
	 */
	@JsonIgnore
	@AssertTrue(message = "give thumbnail.width, thumbnail.height or both")
	public boolean isSized() {
		return this.width != null || this.height != null;
	}

	/**
	 * Whether the format is an image.
	 * @return {@code false} for {@code pdf}
	 */
	@JsonIgnore
	@AssertTrue(message = "thumbnail.format must be png, jpeg or webp")
	public boolean isImageFormat() {
		return this.format != ImageFormat.PDF;
	}

}
