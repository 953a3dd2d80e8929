package dev.screenshots.model.capture;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import dev.screenshots.model.security.TargetHost;

/**
 * Validates {@link HttpUrl}.
 */
public class HttpUrlValidator implements ConstraintValidator<HttpUrl, String> {

	/** Longest accepted URL, in characters. */
	public static final int MAX_LENGTH = 2048;

	@Override
	public boolean isValid(String value, ConstraintValidatorContext context) {
		return value == null || isHttpUrl(value);
	}

	/**
	 * Checks a URL without a validation context.
	 * @param value the candidate URL
	 * @return whether it is an absolute http(s) URL with a host
	 */
	public static boolean isHttpUrl(String value) {
		if (value.isBlank() || value.length() > MAX_LENGTH) {
			return false;
		}
		return TargetHost.of(value).isPresent();
	}

}
