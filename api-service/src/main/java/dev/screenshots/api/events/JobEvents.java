package dev.screenshots.api.events;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.screenshots.api.jobs.JobStep;
import dev.screenshots.api.jobs.ScreenshotJobs;

/**
 * A job's transitions as events, from its step history: each step with the status it left
 * and how long it stayed there.
 */
@Component
class JobEvents {

	private final ScreenshotJobs jobs;

	JobEvents(ScreenshotJobs jobs) {
		this.jobs = jobs;
	}

	/**
	 * Whether the tenant has the job.
	 * @param jobId the job
	 * @param tenant the tenant
	 * @return whether it exists and belongs to the tenant
	 */
	boolean exists(UUID jobId, String tenant) {
		return this.jobs.exists(jobId, tenant);
	}

	/**
	 * The job's transitions after a given event, oldest first.
	 * @param jobId the job
	 * @param afterId the last event id the client has, or 0 for all
	 * @return the events
	 */
	List<JobEvent> after(UUID jobId, long afterId) {
		List<JobEvent> events = new ArrayList<>();
		JobStep previous = null;
		for (JobStep step : this.jobs.steps(jobId)) {
			if (step.id() > afterId) {
				events.add(new JobEvent(step.id(), jobId, step.status(), step.attempt(), step.enteredAt(),
						(previous != null) ? previous.status() : null,
						(previous != null) ? previous.durationMs() : null));
			}
			previous = step;
		}
		return events;
	}

}
