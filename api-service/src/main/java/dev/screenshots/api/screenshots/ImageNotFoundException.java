package dev.screenshots.api.screenshots;

/**
 * The job completed, but its image is no longer in the store (deleted or expired).
 */
public class ImageNotFoundException extends RuntimeException {

	public ImageNotFoundException(String key) {
		super("The image " + key + " is no longer in the store");
	}

}
