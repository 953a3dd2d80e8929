package dev.screenshots.api.baselines;

import org.springframework.http.HttpStatus;

import dev.screenshots.api.system.ApiProblemException;

/**
 * A job that cannot become a baseline version: its output is no image (a PDF), or it was
 * not compared (for an approval).
 */
public class NotABaselineImageException extends ApiProblemException {

	NotABaselineImageException(String code, String detail) {
		super(HttpStatus.UNPROCESSABLE_CONTENT, code, "Not usable as a baseline", detail);
	}

}
