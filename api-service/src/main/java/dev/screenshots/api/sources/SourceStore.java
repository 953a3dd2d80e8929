package dev.screenshots.api.sources;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

import org.springframework.stereotype.Component;

import dev.screenshots.runtime.storage.S3Properties;
import dev.screenshots.model.storage.Sources;

/**
 * Stores a job's files under its prefix ({@code sources/<jobId>/}) for the worker to
 * serve, several at a time; a failed upload leaves nothing behind.
 */
@Component
public class SourceStore {

	private static final Logger log = LoggerFactory.getLogger(SourceStore.class);

	/** How many files are uploaded at once. */
	private static final int PARALLEL_UPLOADS = 8;

	private final S3Client s3;

	private final S3Properties properties;

	SourceStore(S3Client s3, S3Properties properties) {
		this.s3 = s3;
		this.properties = properties;
	}

	/**
	 * Uploads every file.
	 * @param jobId the job
	 * @param bundle its files
	 * @return the prefix they are under
	 */
	public String upload(UUID jobId, SourceBundle bundle) {
		String prefix = Sources.prefix(jobId);
		List<List<SourceBundle.File>> lanes = new ArrayList<>();
		for (int i = 0; i < bundle.files().size(); i++) {
			if (i < PARALLEL_UPLOADS) {
				lanes.add(new ArrayList<>());
			}
			lanes.get(i % PARALLEL_UPLOADS).add(bundle.files().get(i));
		}
		try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<?>> uploads = new ArrayList<>();
			for (List<SourceBundle.File> lane : lanes) {
				uploads.add(executor.submit(() -> lane.forEach((file) -> put(jobId, prefix, file))));
			}
			for (Future<?> upload : uploads) {
				upload.get();
			}
		}
		catch (ExecutionException ex) {
			deleteQuietly(prefix);
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			deleteQuietly(prefix);
			throw new IllegalStateException("Interrupted while storing the bundle", ex);
		}
		return prefix;
	}

	private void put(UUID jobId, String prefix, SourceBundle.File file) {
		this.s3.putObject((request) -> request.bucket(this.properties.bucket())
			.key(prefix + file.path())
			.contentType(Sources.contentType(file.path()))
			.contentLength((long) file.content().length)
			.metadata(Map.of("job-id", jobId.toString())), RequestBody.fromBytes(file.content()));
	}

	/**
	 * Deletes what {@link #upload} stored, when the job it was for was not created. Never
	 * throws; a failure is logged with the prefix.
	 * @param prefix the prefix
	 */
	public void deleteQuietly(String prefix) {
		try {
			List<ObjectIdentifier> objects = this.s3
				.listObjectsV2Paginator((request) -> request.bucket(this.properties.bucket()).prefix(prefix))
				.contents()
				.stream()
				.map((object) -> ObjectIdentifier.builder().key(object.key()).build())
				.toList();
			if (!objects.isEmpty()) {
				this.s3.deleteObjects((request) -> request.bucket(this.properties.bucket())
					.delete((delete) -> delete.objects(objects).quiet(true)));
			}
		}
		catch (SdkException ex) {
			log.warn("Could not delete the uploaded files under {}: {}", prefix, ex.toString());
		}
	}

}
