package dev.screenshots.worker.pipeline;

import dev.screenshots.model.job.JobStatus;

/**
 * One step of the capture pipeline. The job is in {@link #status()} while the step runs.
 */
interface PipelineStep {

	/**
	 * The status the job enters when this step starts.
	 * @return the status
	 */
	JobStatus status();

	/**
	 * Does the step's work.
	 * @param context the job and the previous steps' output
	 * @throws dev.screenshots.worker.CaptureFailure when the job cannot go on
	 */
	void run(JobContext context);

	/**
	 * Whether the step needs the job's browser sandbox, and so runs on a browser slot's
	 * thread; the steps after the capture do not, and run while the slot takes its next
	 * job.
	 * @return {@code true} unless the step overrides it
	 */
	default boolean needsBrowser() {
		return true;
	}

}
