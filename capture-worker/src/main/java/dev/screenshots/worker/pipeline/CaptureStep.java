package dev.screenshots.worker.pipeline;

import java.time.Duration;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.screenshots.model.capture.ResolvedOptions;
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
		ResolvedOptions.Output output = context.job().options().output();
		ResolvedOptions.Area area = context.job().options().area();
		byte[] bytes = context.sandbox()
			.capture(new CaptureSpec(output.format(), output.quality(), area.fullPage(), area.maxHeight(), area.clip(),
					area.selector(), output.omitBackground(), output.pdf(),
					Duration.ofMillis(context.job().options().waits().timeoutMs())));
		context.facts(context.sandbox().facts());
		int[] size = ImageDimensions.of(bytes, output.format());
		context.image(new CapturedImage(bytes, output.format(), (size != null) ? size[0] : null,
				(size != null) ? size[1] : null));
	}

}
