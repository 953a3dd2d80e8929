package dev.screenshots.model.capture;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Compare the capture with a baseline of the tenant ({@code compare}): after the image is
 * stored, the worker compares it with the baseline's current version and records
 * {@code result.comparison} and a diff image.
 *
 * @param baseline the baseline's name
 * @param threshold the per-pixel colour-distance threshold, 0–1 (smaller is more
 * sensitive), default 0.1
 * @param maxMismatchPercent the share of differing pixels, 0–100, up to which the capture
 * counts as the same, default 0
 * @param ignoreRegions rectangles of the image not compared, in image pixels
 * @param ignoreSelectors elements whose boxes are not compared
 * @param autoCreate create the baseline from this capture when it does not exist, default
 * {@code false}
 * @param advance after the comparison, a changed capture becomes the baseline's next
 * version, so the next capture is compared with the page as it last changed (how a
 * schedule compares each run with the one before), default {@code false}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Compare(@NotBlank @Pattern(regexp = NAME, message = NAME_MESSAGE) String baseline,
		@DecimalMin("0") @DecimalMax("1") Double threshold,
		@DecimalMin("0") @DecimalMax("100") Double maxMismatchPercent,
		@Size(max = 100) List<@NotNull @Valid Region> ignoreRegions,
		@Size(max = 100) List<@NotBlank @Size(max = 1000) String> ignoreSelectors, Boolean autoCreate,
		Boolean advance) {

	/** What a baseline's name may be: a URL path segment. */
	public static final String NAME = "[A-Za-z0-9][A-Za-z0-9._~-]{0,199}";

	public static final String NAME_MESSAGE = "must be 1–200 letters, digits, '.', '_', '~' or '-', starting with a letter or digit";

	public static final double DEFAULT_THRESHOLD = 0.1;

	public Compare {
		threshold = (threshold != null) ? threshold : DEFAULT_THRESHOLD;
		maxMismatchPercent = (maxMismatchPercent != null) ? maxMismatchPercent : 0.0;
		ignoreRegions = (ignoreRegions != null) ? ignoreRegions : List.of();
		ignoreSelectors = (ignoreSelectors != null) ? ignoreSelectors : List.of();
		autoCreate = (autoCreate != null) ? autoCreate : Boolean.FALSE;
		advance = (advance != null) ? advance : Boolean.FALSE;
	}

	/**
	 * A comparison with every setting at its default.
	 * @param baseline the baseline's name
	 * @return the comparison
	 */
	public static Compare with(String baseline) {
		return new Compare(baseline, null, null, null, null, null, null);
	}

	/**
	 * Whether a mismatch counts as a change.
	 * @param mismatchPercent the share of differing pixels
	 * @return {@code true} beyond {@link #maxMismatchPercent()}
	 */
	@JsonIgnore
	public boolean isChange(double mismatchPercent) {
		return mismatchPercent > this.maxMismatchPercent;
	}

}
