package dev.screenshots.worker.pipeline;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.screenshots.model.capture.ResolvedOptions;
import dev.screenshots.model.job.JobStatus;
import dev.screenshots.worker.browser.SandboxSpec;

/**
 * Creates the job's own browser context and page: viewport and device emulation, locale,
 * time zone, colour scheme, reduced motion, media type, extra headers, cookies,
 * JavaScript on or off, and the request types and URLs not to load.
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
		ResolvedOptions options = context.job().options();
		context.sandbox(context.sandboxes()
			.open(new SandboxSpec(options.viewport(), options.context(), options.blocking(), context.job().url())));
	}

}
