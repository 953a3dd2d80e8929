package dev.screenshots.worker.pipeline;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.screenshots.model.capture.CaptureOptions;
import dev.screenshots.model.job.JobStatus;
import dev.screenshots.worker.browser.SandboxSpec;

/**
 * Creates the job's own browser context and page, with the requested viewport.
 */
@Component
@Order(2)
class SandboxStep implements PipelineStep {

	@Override
	public JobStatus status() {
		return JobStatus.CREATING_SANDBOX;
	}

	@Override
	public void run(JobContext context) {
		CaptureOptions options = context.job().options();
		context.sandbox(context.sandboxes().open(new SandboxSpec(options.width(), options.height())));
	}

}
