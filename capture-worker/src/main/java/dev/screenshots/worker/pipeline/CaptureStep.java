package dev.screenshots.worker.pipeline;

import java.time.Duration;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.screenshots.model.capture.CaptureOptions;
import dev.screenshots.model.job.JobStatus;

/**
 * Renders the page to an image, reads its pixel size, and closes the sandbox: nothing
 * after this step needs the page.
 */
@Component
@Order(4)
class CaptureStep implements PipelineStep {

	@Override
	public JobStatus status() {
		return JobStatus.CAPTURING;
	}

	@Override
	public void run(JobContext context) {
		CaptureOptions options = context.job().options();
		byte[] bytes = context.sandbox()
			.screenshot(options.format(), options.quality(), options.fullPage(),
					Duration.ofMillis(options.timeoutMs()));
		context.blockedRequests(context.sandbox().blockedRequests());
		context.closeSandbox();
		int[] size = ImageDimensions.of(bytes, options.format());
		context.image(new CapturedImage(bytes, options.format(), size[0], size[1]));
	}

}
