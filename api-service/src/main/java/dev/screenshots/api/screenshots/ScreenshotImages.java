package dev.screenshots.api.screenshots;

import java.io.InputStream;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import org.springframework.stereotype.Component;

/**
 * Reads stored images back from the S3-compatible store.
 */
@Component
class ScreenshotImages {

	private final S3Client s3;

	ScreenshotImages(S3Client s3) {
		this.s3 = s3;
	}

	/**
	 * Opens an image for streaming; the caller closes the stream.
	 * @param bucket the bucket
	 * @param key the key
	 * @return the object's content
	 * @throws ImageNotFoundException if the object is gone
	 */
	InputStream open(String bucket, String key) {
		try {
			return this.s3.getObject((request) -> request.bucket(bucket).key(key));
		}
		catch (NoSuchKeyException ex) {
			throw new ImageNotFoundException(key);
		}
	}

}
