package dev.screenshots.api.schedules;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.screenshots.model.capture.CaptureRequest;

/**
 * A schedule as clients see it.
 *
 * @param id its id
 * @param name its name
 * @param cron its cron expression, as given
 * @param timeZone the zone the cron is read in
 * @param request the capture each run makes
 * @param compare what each run is compared with
 * @param notification where changes are announced ({@code notify})
 * @param paused whether it is paused
 * @param pausedReason why the service paused it (its key was revoked)
 * @param nextRunAt when it runs next
 * @param lastRunAt when it last ran
 * @param createdAt when it was made
 * @param updatedAt when it was last changed
 * @param links {@code self} and {@code runs}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ScheduleView(UUID id, String name, String cron, String timeZone, CaptureRequest request,
		ScheduleRequest.ScheduleCompare compare, @JsonProperty("notify") ScheduleRequest.Notify notification,
		boolean paused, String pausedReason, Instant nextRunAt, Instant lastRunAt, Instant createdAt, Instant updatedAt,
		Map<String, String> links) {

	/**
	 * The tenant's schedules.
	 *
	 * @param items the schedules, oldest first
	 */
	record Page(List<ScheduleView> items) {
	}

	/**
	 * One run, as the monitoring timeline shows it.
	 *
	 * @param dueAt the slot it ran for
	 * @param startedAt when its job was made
	 * @param jobId its job (absent when the run was refused)
	 * @param status the job's status, or {@code refused}
	 * @param comparison the comparison's {@code status}
	 * @param changed whether the comparison counts as a change
	 * @param mismatchPercent the share of pixels that differ
	 * @param diffPixels the pixels that differ
	 * @param error why the run made no job, or why its job failed
	 * @param links {@code job}, {@code image}, and {@code diff} when there is one
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Run(Instant dueAt, Instant startedAt, UUID jobId, String status, String comparison, Boolean changed,
			Double mismatchPercent, Integer diffPixels, Map<String, String> error, Map<String, String> links) {
	}

	/**
	 * A schedule's runs.
	 *
	 * @param items the runs, the newest first
	 * @param changes how many of them changed
	 */
	record Runs(List<Run> items, long changes) {
	}

}
