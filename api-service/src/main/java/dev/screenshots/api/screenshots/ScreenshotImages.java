package dev.screenshots.api.screenshots;

import java.io.InputStream;
import java.util.List;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import org.springframework.core.io.InputStreamResource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import dev.screenshots.api.jobs.ScreenshotJob;
import dev.screenshots.model.storage.StoredArtifact;

/**
 * Reads stored images and artifacts back from the S3-compatible store and answers
 * requests for them (with ETag revalidation), and signs download URLs for them.
 */
@Component
public class ScreenshotImages {

	private final S3Client s3;

	private final S3Presigner presigner;

	private final DownloadProperties downloads;

	ScreenshotImages(S3Client s3, S3Presigner presigner, DownloadProperties downloads) {
		this.s3 = s3;
		this.presigner = presigner;
		this.downloads = downloads;
	}

	/**
	 * Answers a request for a completed job's image: {@code 304} when the client's
	 * {@code If-None-Match} names its ETag (the SHA-256, so the store is not read), else
	 * {@code 200} streaming it from the store, inline, with its content type.
	 * @param job a completed job
	 * @param ifNoneMatch the request's {@code If-None-Match}, or {@code null}
	 * @param cacheControl how the answer may be cached
	 * @param headers further headers of the answer
	 * @return the answer
	 * @throws ImageNotFoundException if retention deleted the image
	 */
	public ResponseEntity<InputStreamResource> serve(ScreenshotJob job, String ifNoneMatch, CacheControl cacheControl,
			HttpHeaders headers) {
		ScreenshotJob.Result image = job.result();
		return serve(job, image.bucket(), image.key(), image.contentType(), image.bytes(), image.sha256(),
				job.id() + extension(image.key()), ifNoneMatch, cacheControl, headers, false);
	}

	/**
	 * Answers a request for one of a completed job's stored artifacts, as {@link #serve}
	 * does for the image.
	 * @param job a completed job
	 * @param name the artifact's name
	 * @param ifNoneMatch the request's {@code If-None-Match}, or {@code null}
	 * @return the answer
	 * @throws ArtifactNotFoundException if the job has no stored artifact of that name
	 * @throws ImageNotFoundException if retention deleted it
	 */
	ResponseEntity<InputStreamResource> serveArtifact(ScreenshotJob job, String name, String ifNoneMatch) {
		ScreenshotJob.Result result = job.result();
		StoredArtifact artifact = result.artifact(name)
			.filter(StoredArtifact::stored)
			.orElseThrow(() -> notFound(result, name));
		// a captured page's HTML must not run on the API's origin, where a browser keeps
		// the key of the page at /: no scripts, its own origin, downloaded rather than
		// shown
		HttpHeaders headers = new HttpHeaders();
		headers.set("Content-Security-Policy", "sandbox");
		headers.set("X-Content-Type-Options", "nosniff");
		return serve(job, result.bucket(), artifact.key(), artifact.contentType(), artifact.bytes(), artifact.sha256(),
				job.id() + "-" + name + extension(artifact.key()), ifNoneMatch, CacheControl.noCache().cachePrivate(),
				headers, artifact.contentType().startsWith("text/html"));
	}

	private static ArtifactNotFoundException notFound(ScreenshotJob.Result result, String name) {
		List<String> available = result.artifacts()
			.stream()
			.filter(StoredArtifact::stored)
			.map(StoredArtifact::name)
			.toList();
		StoredArtifact absent = result.artifact(name).orElse(null);
		return new ArtifactNotFoundException(name, available, (absent != null) ? absent.problem() : null,
				(absent != null) ? absent.message() : null);
	}

	private ResponseEntity<InputStreamResource> serve(ScreenshotJob job, String bucket, String key, String contentType,
			long bytes, String sha256, String filename, String ifNoneMatch, CacheControl cacheControl,
			HttpHeaders headers, boolean attachment) {
		if (job.expiredAt() != null) {
			throw new ImageNotFoundException(key);
		}
		String etag = "\"" + sha256 + "\"";
		if (matches(ifNoneMatch, etag)) {
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
				.eTag(etag)
				.cacheControl(cacheControl)
				.headers(headers)
				.build();
		}
		ResponseEntity.BodyBuilder answer = ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(contentType))
			.contentLength(bytes)
			.eTag(etag)
			.cacheControl(cacheControl)
			.headers(headers)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					(attachment ? ContentDisposition.attachment() : ContentDisposition.inline()).filename(filename)
						.build()
						.toString());
		// opened last: nothing that could fail stands between opening and handing it over
		InputStream content = open(bucket, key);
		return answer.body(new InputStreamResource(content));
	}

	private static String extension(String key) {
		int dot = key.lastIndexOf('.');
		return (dot > key.lastIndexOf('/')) ? key.substring(dot) : "";
	}

	/**
	 * Whether {@code If-None-Match} names the entity tag, by the weak comparison RFC 9110
	 * (section 13.1.2) asks for: {@code *}, or a listed tag equal to it with or without
	 * {@code W/}.
	 */
	static boolean matches(String ifNoneMatch, String etag) {
		if (ifNoneMatch == null) {
			return false;
		}
		for (String tag : ifNoneMatch.split(",")) {
			String candidate = tag.strip();
			if (candidate.equals("*")) {
				return true;
			}
			if (candidate.startsWith("W/")) {
				candidate = candidate.substring(2);
			}
			if (candidate.equals(etag)) {
				return true;
			}
		}
		return false;
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
