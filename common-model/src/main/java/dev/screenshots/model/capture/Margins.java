package dev.screenshots.model.capture;

import jakarta.validation.constraints.Pattern;

/**
 * PDF page margins as CSS lengths, e.g. {@code "1cm"}, {@code "0.5in"}, {@code "20px"}.
 *
 * @param top top margin
 * @param right right margin
 * @param bottom bottom margin
 * @param left left margin
 */
public record Margins(@Pattern(regexp = LENGTH, message = LENGTH_MESSAGE) String top,
		@Pattern(regexp = LENGTH, message = LENGTH_MESSAGE) String right,
		@Pattern(regexp = LENGTH, message = LENGTH_MESSAGE) String bottom,
		@Pattern(regexp = LENGTH, message = LENGTH_MESSAGE) String left) {

	static final String LENGTH = "0|\\d{1,4}(\\.\\d{1,3})?(px|in|cm|mm)";

	static final String LENGTH_MESSAGE = "must be a length such as 10px, 1cm, 5mm or 0.5in";

	public Margins {
		top = (top != null) ? top : "0px";
		right = (right != null) ? right : "0px";
		bottom = (bottom != null) ? bottom : "0px";
		left = (left != null) ? left : "0px";
	}

}
