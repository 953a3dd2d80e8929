package dev.screenshots.api.screenshots;

import org.springframework.http.HttpStatus;

import dev.screenshots.api.system.ApiProblemException;

/**
 * The job completed, but its image is no longer in the store (deleted or expired).
 */
public class ImageNotFoundException extends ApiProblemException {

	public ImageNotFoundException(String key) {
		super(HttpStatus.GONE, "IMAGE_GONE", "Image no longer available",
				"The image " + key + " is no longer in the store");
	}

	/** The store's key stays in the log. */
	@Override
	public String detail() {
		return "The job completed, but its image is no longer stored";
	}

}
