package dev.screenshots.api.screenshots;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.screenshots.api.jobs.JobStep;
import dev.screenshots.api.jobs.ScreenshotJob;
import dev.screenshots.model.capture.CaptureOptions;
import dev.screenshots.model.capture.Priority;
import dev.screenshots.model.job.JobStatus;

/**
 * Jobs as the service answers a submit: pending, of
 * {@link ScreenshotControllerTest#CALLER}, with their first step.
 */
final class PendingJobs {

	private PendingJobs() {
	}

	static ScreenshotService.Job of(UUID id, String url, CaptureOptions options) {
		Instant now = Instant.now();
		ScreenshotJob row = new ScreenshotJob(id, "tenant-a", ScreenshotControllerTest.CALLER.keyId(),
				JobStatus.PENDING, url, "{}", Priority.NORMAL.value(), null, null, ScreenshotJob.Source.URL, 0, null,
				now, now, null, null, null, null, null, null, null, null);
		return new ScreenshotService.Job(row, options, List.of(new JobStep(1, JobStatus.PENDING, 0, now, null)));
	}

}
