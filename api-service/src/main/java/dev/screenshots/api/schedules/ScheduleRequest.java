package dev.screenshots.api.schedules;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.screenshots.model.capture.CaptureRequest;
import dev.screenshots.model.capture.Compare;
import dev.screenshots.model.capture.HttpUrl;
import dev.screenshots.model.capture.ImageFormat;
import dev.screenshots.model.capture.Region;

/**
 * A schedule as {@code POST /schedules} takes it (and {@code PATCH} changes it).
 *
 * @param name what to call it
 * @param cron when it runs: a cron expression of 5 fields (minute hour day month weekday)
 * or 6 (with seconds first), or a macro ({@code @hourly}, {@code @daily} …)
 * @param timeZone the IANA time zone the cron is read in, default {@code UTC}
 * @param request the capture, as {@code POST /screenshots} takes it as JSON (without
 * {@code webhook}, {@code cache} and {@code compare}: those are the schedule's)
 * @param compare compare each run with a baseline or with the previous run
 * @param notification where changes (and failures) are announced ({@code notify})
 * @param paused whether it is paused
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ScheduleRequest(@Size(max = 200) String name, @Size(min = 1, max = 200) String cron,
		@Size(min = 1, max = 64) String timeZone, @Valid CaptureRequest request, @Valid ScheduleCompare compare,
		@JsonProperty("notify") @Valid Notify notification, Boolean paused) {

	/**
	 * Whether the capture leaves delivery and comparison to the schedule.
	 * @return {@code false} when the request sets {@code webhook}, {@code cache} or
	 * {@code compare}
	 */
	@JsonIgnore
	@AssertTrue(message = "request must not set webhook, cache or compare: use the schedule's notify and compare")
	public boolean isRequestPlain() {
		return this.request == null
				|| (this.request.webhook() == null && this.request.cache() == null && this.request.compare() == null);
	}

	/**
	 * Whether a comparison has an image to compare: the runs' requests are checked with
	 * their {@code compare} as a submit is.
	 * @return {@code false} for {@code compare} with a PDF or a resized capture
	 */
	@JsonIgnore
	@AssertTrue(message = "compare needs an image (png, jpeg or webp, not pdf) as captured (not resized)")
	public boolean isCompareOfAnImage() {
		return this.compare == null || this.request == null
				|| (this.request.options().format() != ImageFormat.PDF && this.request.options().resize() == null);
	}

	/**
	 * What each run compares with: a named baseline, or the previous run.
	 *
	 * @param baseline a baseline of the tenant (not with {@code previous})
	 * @param previous compare each run with the page as it was at the last change
	 * @param threshold as {@code compare.threshold}
	 * @param maxMismatchPercent as {@code compare.maxMismatchPercent}
	 * @param ignoreRegions as {@code compare.ignoreRegions}
	 * @param ignoreSelectors as {@code compare.ignoreSelectors}
	 * @param autoCreate as {@code compare.autoCreate}
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ScheduleCompare(@Pattern(regexp = Compare.NAME, message = Compare.NAME_MESSAGE) String baseline,
			Boolean previous, @DecimalMin("0") @DecimalMax("1") Double threshold,
			@DecimalMin("0") @DecimalMax("100") Double maxMismatchPercent,
			@Size(max = 100) List<@NotNull @Valid Region> ignoreRegions,
			@Size(max = 100) List<@NotBlank @Size(max = 1000) String> ignoreSelectors, Boolean autoCreate) {

		/**
		 * Whether exactly one of {@code baseline} and {@code previous} is given.
		 * @return {@code false} for both or neither
		 */
		@JsonIgnore
		@AssertTrue(message = "give compare.baseline or compare.previous: true, not both")
		public boolean isTargetGiven() {
			return (this.baseline != null) != Boolean.TRUE.equals(this.previous);
		}

		/**
		 * The comparison of one run.
		 * @param scheduleId the schedule, whose own baseline {@code previous} uses
		 * @return the comparison
		 */
		Compare forRun(java.util.UUID scheduleId) {
			boolean againstPrevious = Boolean.TRUE.equals(this.previous);
			return new Compare(againstPrevious ? "schedule-" + scheduleId : this.baseline, this.threshold,
					this.maxMismatchPercent, this.ignoreRegions, this.ignoreSelectors,
					againstPrevious || Boolean.TRUE.equals(this.autoCreate), againstPrevious);
		}

	}

	/**
	 * Where a schedule's news goes: a signed webhook, as a job's.
	 *
	 * @param url the receiver
	 * @param onChange announce a run whose comparison changed
	 * ({@code screenshot.changed}), default {@code true}
	 * @param onFailure announce a failed run ({@code screenshot.failed}), default
	 * {@code false}
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Notify(@NotNull @HttpUrl @Size(max = 2048) String url, Boolean onChange, Boolean onFailure) {

		/**
		 * The webhook events a run's job announces.
		 * @return e.g. {@code changed,failed}
		 */
		String events() {
			String events = (!Boolean.FALSE.equals(this.onChange) ? "changed," : "")
					+ (Boolean.TRUE.equals(this.onFailure) ? "failed," : "");
			return events.isEmpty() ? null : events.substring(0, events.length() - 1);
		}

	}

}
