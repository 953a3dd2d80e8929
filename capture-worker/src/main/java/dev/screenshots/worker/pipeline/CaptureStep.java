package dev.screenshots.worker.pipeline;

import java.time.Duration;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.screenshots.model.capture.CaptureOptions;
import dev.screenshots.model.job.JobStatus;
import dev.screenshots.worker.browser.CaptureSpec;

/**
 * Renders the page (the viewport, the full page up to {@code maxHeight}, a {@code clip}
 * or a {@code selector}'s element; as PNG, JPEG, WebP or PDF), records what the page did,
 * and reads the output's pixel size. The browser slot closes the sandbox after this last
 * browser step, while the image is uploaded.
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
		CaptureOptions o = context.job().options();
		byte[] bytes = context.sandbox()
			.capture(new CaptureSpec(o.format(), o.quality(), o.fullPage(), o.maxHeight(), o.clip(), o.selector(),
					o.omitBackground(), o.pdf(), Duration.ofMillis(o.timeoutMs())));
		context.facts(context.sandbox().facts());
		int[] size = ImageDimensions.of(bytes, o.format());
		context.image(
				new CapturedImage(bytes, o.format(), (size != null) ? size[0] : null, (size != null) ? size[1] : null));
	}

}
