package dev.screenshots.worker.storage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

import org.springframework.stereotype.Component;

import dev.screenshots.model.job.ErrorCode;
import dev.screenshots.runtime.storage.S3Properties;
import dev.screenshots.worker.CaptureFailure;

/**
 * Reads and deletes the files the API stored for an inline-HTML or bundle job under its
 * prefix ({@link dev.screenshots.model.storage.Sources#prefix}).
 */
@Component
public class SourceFiles {

	private final S3Client s3;

	private final S3Properties properties;

	SourceFiles(S3Client s3, S3Properties properties) {
		this.s3 = s3;
		this.properties = properties;
	}

	/**
	 * Reads every file under a prefix.
	 * @param prefix the job's prefix
	 * @return the files by their path relative to the prefix
	 * @throws CaptureFailure {@code STORAGE_FAILED} when the store is unreachable
	 * (retried), {@code INVALID_REQUEST} when the files are gone (e.g. expired and the
	 * job redriven)
	 */
	public Map<String, byte[]> load(String prefix) {
		Map<String, byte[]> files = new LinkedHashMap<>();
		try {
			for (S3Object object : list(prefix)) {
				byte[] content = this.s3
					.getObjectAsBytes((request) -> request.bucket(this.properties.bucket()).key(object.key()))
					.asByteArray();
				files.put(object.key().substring(prefix.length()), content);
			}
		}
		catch (SdkException ex) {
			throw new CaptureFailure(ErrorCode.STORAGE_FAILED, "Reading the job's files failed: " + ex.getMessage(),
					ex);
		}
		if (files.isEmpty()) {
			throw new CaptureFailure(ErrorCode.INVALID_REQUEST,
					"The job's files are no longer stored (they expire with capture.retention.ttl)");
		}
		return files;
	}

	/**
	 * Deletes every file under a prefix; a prefix with nothing under it is not an error.
	 * @param prefix the job's prefix
	 * @return how many objects were deleted
	 */
	public int delete(String prefix) {
		int deleted = 0;
		List<S3Object> objects = list(prefix);
		for (int from = 0; from < objects.size(); from += 1000) {
			List<ObjectIdentifier> batch = objects.subList(from, Math.min(objects.size(), from + 1000))
				.stream()
				.map((object) -> ObjectIdentifier.builder().key(object.key()).build())
				.toList();
			this.s3.deleteObjects((request) -> request.bucket(this.properties.bucket())
				.delete((delete) -> delete.objects(batch).quiet(true)));
			deleted += batch.size();
		}
		return deleted;
	}

	private List<S3Object> list(String prefix) {
		return this.s3.listObjectsV2Paginator((request) -> request.bucket(this.properties.bucket()).prefix(prefix))
			.contents()
			.stream()
			.toList();
	}

}
