package dev.screenshots.worker.pipeline;

import java.time.Duration;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.screenshots.model.capture.CaptureOptions;
import dev.screenshots.model.job.JobStatus;

/**
 * Loads the content into the sandbox: navigates to the URL, waits for the requested load
 * state, then for the requested delay.
 */
@Component
@Order(3)
class SyncStep implements PipelineStep {

	@Override
	public JobStatus status() {
		return JobStatus.SYNCING_FILES;
	}

	@Override
	public void run(JobContext context) {
		CaptureOptions options = context.job().options();
		context.pageLoad(context.sandbox()
			.load(context.job().url(), options.waitUntil(), Duration.ofMillis(options.timeoutMs())));
		context.sandbox().pause(Duration.ofMillis(options.delayMs()));
	}

}
