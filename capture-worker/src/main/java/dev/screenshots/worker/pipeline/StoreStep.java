package dev.screenshots.worker.pipeline;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.screenshots.model.job.JobStatus;
import dev.screenshots.model.job.Warning;
import dev.screenshots.worker.storage.ScreenshotStorage;
import dev.screenshots.worker.storage.StoredObject;

/**
 * Uploads the image under the job's deterministic key, and warns ({@code BLANK_IMAGE})
 * when the picture is one colour; the result is recorded with the transition to
 * completed.
 */
@Component
@Order(5)
class StoreStep implements PipelineStep {

	private final ScreenshotStorage storage;

	StoreStep(ScreenshotStorage storage) {
		this.storage = storage;
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
		CapturedImage image = context.image();
		StoredObject object = this.storage.store(job.id(), job.createdAt(), image.format(), image.bytes());
		context.stored(new StoredImage(object.bucket(), object.key(), object.contentType(), object.bytes(),
				image.width(), image.height(), object.sha256()));
		if (ImageColours.singleColour(image.bytes(), image.format())) {
			context.warn(new ResultWarning(Warning.BLANK_IMAGE, "The image is a single colour"));
		}
	}

}
