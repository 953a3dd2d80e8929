package dev.screenshots.worker.pipeline;

import java.time.Duration;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.screenshots.model.capture.CaptureOptions;
import dev.screenshots.model.job.ErrorCode;
import dev.screenshots.model.job.JobStatus;
import dev.screenshots.worker.CaptureFailure;
import dev.screenshots.worker.browser.PageLoad;

/**
 * Loads the content into the sandbox: navigates to the URL, waits for the requested load
 * state, then for the requested delay. A page that answers without content (HTTP 204/205)
 * fails with {@code EMPTY_PAGE}, which is not retried.
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
		PageLoad load = context.sandbox()
			.load(context.job().url(), options.waitUntil(), Duration.ofMillis(options.timeoutMs()));
		if (load.httpStatus() != null && (load.httpStatus() == 204 || load.httpStatus() == 205)) {
			throw new CaptureFailure(ErrorCode.EMPTY_PAGE,
					"The page answered HTTP " + load.httpStatus() + " with no content to capture");
		}
		context.pageLoad(load);
		context.sandbox().pause(Duration.ofMillis(options.delayMs()));
	}

}
