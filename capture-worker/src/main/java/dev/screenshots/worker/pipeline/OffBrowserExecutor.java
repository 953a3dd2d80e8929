package dev.screenshots.worker.pipeline;

import org.springframework.stereotype.Component;

import dev.screenshots.runtime.support.VirtualThreadExecutor;

/**
 * Runs the pipeline's work off the browser slots: transition writes and the steps after
 * the capture.
 */
@Component
public class OffBrowserExecutor extends VirtualThreadExecutor {

	OffBrowserExecutor() {
		super("pipeline-");
	}

}
