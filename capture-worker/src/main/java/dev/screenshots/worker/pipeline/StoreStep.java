package dev.screenshots.worker.pipeline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.screenshots.model.capture.ImageFormat;
import dev.screenshots.model.capture.ResolvedOptions;
import dev.screenshots.model.capture.Resize;
import dev.screenshots.model.capture.Thumbnail;
import dev.screenshots.model.job.ArtifactProblem;
import dev.screenshots.model.job.ErrorCode;
import dev.screenshots.model.job.JobStatus;
import dev.screenshots.model.job.Warning;
import dev.screenshots.model.storage.StoredArtifact;
import dev.screenshots.runtime.baselines.BaselineImage;
import dev.screenshots.worker.CaptureFailure;
import dev.screenshots.worker.browser.PageArtifact;
import dev.screenshots.worker.compare.Comparison;
import dev.screenshots.worker.compare.ImageComparer;
import dev.screenshots.worker.imaging.ImageScaler;
import dev.screenshots.worker.imaging.ScaledImage;
import dev.screenshots.worker.storage.ScreenshotStorage;
import dev.screenshots.worker.storage.StoredObject;

/**
 * Scales the image when {@code resize} asks, uploads it under the job's deterministic
 * key, uploads the page artifacts and the {@code thumbnail} next to it, compares it with
 * its baseline ({@code compare}, {@link ImageComparer}), and warns ({@code BLANK_IMAGE})
 * when the picture is one colour; the result is recorded with the transition to
 * completed. Runs off the browser, so scaling never holds a browser slot.
 */
@Component
@Order(5)
class StoreStep implements PipelineStep {

	/** The name of the thumbnail in {@code result.artifacts}. */
	static final String THUMBNAIL = "thumbnail";

	private final ScreenshotStorage storage;

	private final ImageComparer comparer;

	StoreStep(ScreenshotStorage storage, ImageComparer comparer) {
		this.storage = storage;
		this.comparer = comparer;
	}

	@Override
	public JobStatus status() {
		return JobStatus.STORING;
	}

	@Override
	public boolean needsBrowser() {
		return false;
	}

	@Override
	public void run(JobContext context) {
		ClaimedJob job = context.job();
		ResolvedOptions options = job.options();
		CapturedImage captured = context.image();
		if (job.compare() != null && captured.width() != null
				&& (long) captured.width() * captured.height() > ImageComparer.MAX_PIXELS) {
			// refused before anything is stored
			throw new CaptureFailure(ErrorCode.INVALID_REQUEST,
					"compare takes images of at most " + ImageComparer.MAX_PIXELS / 1_000_000
							+ " megapixels; the capture is " + captured.width() + " × " + captured.height()
							+ " (use maxHeight, clip or a smaller viewport)");
		}
		CapturedImage image = resized(captured, options.output());
		StoredObject object = this.storage.store(job.id(), job.createdAt(), image.format(), image.bytes());
		context.stored(new StoredImage(object.bucket(), object.key(), object.contentType(), object.bytes(),
				image.width(), image.height(), object.sha256()));
		List<StoredArtifact> artifacts = new ArrayList<>();
		for (PageArtifact artifact : context.pageArtifacts()) {
			artifacts.add(store(job, artifact));
		}
		if (options.artifacts().thumbnail() != null) {
			artifacts.add(thumbnail(job, captured, options.artifacts().thumbnail(), options.output().quality()));
		}
		if (job.compare() != null) {
			if (image.width() == null) {
				throw new CaptureFailure(ErrorCode.INVALID_REQUEST, "compare needs an image, not a PDF");
			}
			Comparison comparison = this.comparer.compare(job.id(), job.createdAt(), job.tenant(), job.compare(),
					image.bytes(), new BaselineImage(object.bucket(), object.key(), object.contentType(),
							object.bytes(), image.width(), image.height(), object.sha256()),
					context.ignoredBoxes());
			context.comparison(comparison.result());
			if (comparison.diff() != null) {
				artifacts.add(comparison.diff());
			}
		}
		context.storedArtifacts(artifacts);
		if (ImageColours.singleColour(image.bytes(), image.format())) {
			context.warn(new ResultWarning(Warning.BLANK_IMAGE, "The image is a single colour"));
		}
	}

	private static CapturedImage resized(CapturedImage image, ResolvedOptions.Output output) {
		Resize resize = output.resize();
		if (resize == null) {
			return image;
		}
		try {
			ScaledImage scaled = ImageScaler.scale(image.bytes(), image.format(), resize.width(), resize.height(),
					resize.fit(), image.format(), output.quality());
			return new CapturedImage(scaled.bytes(), scaled.format(), scaled.width(), scaled.height());
		}
		catch (ImageScaler.TooLargeException ex) {
			throw new CaptureFailure(ErrorCode.INVALID_REQUEST, "resize: " + ex.getMessage(), ex);
		}
		catch (IOException | RuntimeException ex) {
			throw new CaptureFailure(ErrorCode.CAPTURE_FAILED, "Resizing the image failed: " + ex.getMessage(), ex);
		}
	}

	private StoredArtifact store(ClaimedJob job, PageArtifact artifact) {
		String name = artifact.kind().value();
		if (!artifact.present()) {
			return new StoredArtifact(name, null, artifact.kind().contentType(), null, null, null, null, false,
					artifact.problem(), artifact.message());
		}
		StoredObject object = this.storage.storeArtifact(job.id(), job.createdAt(), name, artifact.kind().extension(),
				artifact.kind().contentType(), artifact.content());
		return new StoredArtifact(name, object.key(), object.contentType(), object.bytes(), object.sha256(), null, null,
				artifact.problem() == ArtifactProblem.ARTIFACT_TRUNCATED, artifact.problem(), artifact.message());
	}

	private StoredArtifact thumbnail(ClaimedJob job, CapturedImage image, Thumbnail thumbnail, int quality) {
		ImageFormat format = (thumbnail.format() != null) ? thumbnail.format()
				: ((image.format() == ImageFormat.PDF) ? ImageFormat.PNG : image.format());
		ScaledImage scaled;
		try {
			scaled = ImageScaler.scale(image.bytes(), image.format(), thumbnail.width(), thumbnail.height(),
					thumbnail.fit(), format, (thumbnail.quality() != null) ? thumbnail.quality() : quality);
		}
		catch (IOException | RuntimeException ex) {
			return new StoredArtifact(THUMBNAIL, null, format.contentType(), null, null, null, null, false,
					ArtifactProblem.ARTIFACT_FAILED, "Scaling the image failed: " + ex.getMessage());
		}
		StoredObject object = this.storage.storeArtifact(job.id(), job.createdAt(), THUMBNAIL, format.extension(),
				format.contentType(), scaled.bytes());
		return new StoredArtifact(THUMBNAIL, object.key(), object.contentType(), object.bytes(), object.sha256(),
				scaled.width(), scaled.height(), false, null, null);
	}

}
