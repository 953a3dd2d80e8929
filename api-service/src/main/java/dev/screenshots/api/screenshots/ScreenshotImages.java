package dev.screenshots.api.screenshots;

import java.io.InputStream;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import org.springframework.stereotype.Component;

/**
 * Reads stored images back from the S3-compatible store, and signs download URLs for
 * them.
 */
@Component
class ScreenshotImages {

	private final S3Client s3;

	private final S3Presigner presigner;

	private final DownloadProperties downloads;

	ScreenshotImages(S3Client s3, S3Presigner presigner, DownloadProperties downloads) {
		this.s3 = s3;
		this.presigner = presigner;
		this.downloads = downloads;
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

	/**
	 * A URL that downloads the image from the store directly, without an API key, for
	 * {@code api.downloads.url-ttl}. Signing is local: no call to the store.
	 * @param bucket the bucket
	 * @param key the key
	 * @return the presigned URL
	 */
	String downloadUrl(String bucket, String key) {
		return this.presigner
			.presignGetObject((request) -> request.signatureDuration(this.downloads.urlTtl())
				.getObjectRequest((get) -> get.bucket(bucket).key(key)))
			.url()
			.toString();
	}

}
