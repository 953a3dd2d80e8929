package dev.screenshots.worker.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.stereotype.Component;

import dev.screenshots.model.capture.ImageFormat;
import dev.screenshots.model.job.ErrorCode;
import dev.screenshots.model.storage.ObjectKeys;
import dev.screenshots.runtime.storage.S3Properties;
import dev.screenshots.worker.CaptureFailure;

/**
 * Writes images and artifacts to the S3-compatible store under their deterministic keys
 * ({@link ObjectKeys#screenshot}, {@link ObjectKeys#artifact}), with the content type and
 * job id as object metadata.
 */
@Component
public class ScreenshotStorage {

	private final S3Client s3;

	private final S3Properties properties;

	private final Timer uploads;

	private final Timer failedUploads;

	public ScreenshotStorage(S3Client s3, S3Properties properties, MeterRegistry registry) {
		this.s3 = s3;
		this.properties = properties;
		this.uploads = uploadTimer(registry, "success");
		this.failedUploads = uploadTimer(registry, "error");
	}

	private static Timer uploadTimer(MeterRegistry registry, String outcome) {
		return Timer.builder("screenshots.storage.upload")
			.description("Uploads of images to the object store")
			.tag("outcome", outcome)
			.serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
					Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
					Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20))
			.register(registry);
	}

	/**
	 * Stores a job's image; storing it again overwrites the same object.
	 * @param jobId the job
	 * @param createdAt when the job was created (part of the key)
	 * @param format the image format
	 * @param content the encoded image
	 * @return where it went
	 * @throws CaptureFailure {@code STORAGE_FAILED} when the store refuses or is
	 * unreachable
	 */
	public StoredObject store(UUID jobId, Instant createdAt, ImageFormat format, byte[] content) {
		return put(jobId, ObjectKeys.screenshot(jobId, createdAt, format), format.contentType(), content, "image");
	}

	/**
	 * Stores one of a job's artifacts next to its image; storing it again overwrites the
	 * same object.
	 * @param jobId the job
	 * @param createdAt when the job was created (part of the key)
	 * @param name the artifact's name
	 * @param extension the file name extension
	 * @param contentType the media type
	 * @param content the bytes
	 * @return where it went
	 * @throws CaptureFailure {@code STORAGE_FAILED} when the store refuses or is
	 * unreachable
	 */
	public StoredObject storeArtifact(UUID jobId, Instant createdAt, String name, String extension, String contentType,
			byte[] content) {
		return put(jobId, ObjectKeys.artifact(jobId, createdAt, name, extension), contentType, content,
				"artifact " + name);
	}

	private StoredObject put(UUID jobId, String key, String contentType, byte[] content, String what) {
		byte[] digest = sha256(content);
		String sha256 = HexFormat.of().formatHex(digest);
		long started = System.nanoTime();
		try {
			this.s3.putObject(
					(request) -> request.bucket(this.properties.bucket())
						.key(key)
						.contentType(contentType)
						.contentLength((long) content.length)
						// the store verifies the digest computed here anyway, so the SDK
						// sends it as a header instead of computing a checksum of its own
						// into a chunked trailer
						.checksumSHA256(Base64.getEncoder().encodeToString(digest))
						.metadata(Map.of("job-id", jobId.toString(), "sha256", sha256)),
					RequestBody.fromBytes(content));
			this.uploads.record(Duration.ofNanos(System.nanoTime() - started));
		}
		catch (SdkException ex) {
			this.failedUploads.record(Duration.ofNanos(System.nanoTime() - started));
			throw new CaptureFailure(ErrorCode.STORAGE_FAILED, "Uploading the " + what + " failed: " + ex.getMessage(),
					ex);
		}
		return new StoredObject(this.properties.bucket(), key, contentType, content.length, sha256);
	}

	/**
	 * Deletes an object; deleting a missing object is not an error.
	 * @param bucket the bucket
	 * @param key the key
	 */
	public void delete(String bucket, String key) {
		this.s3.deleteObject((request) -> request.bucket(bucket).key(key));
	}

	private static byte[] sha256(byte[] content) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(content);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
