package dev.screenshots.api.schedules;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.screenshots.api.apikeys.ApiKeyPrincipal;
import dev.screenshots.api.apikeys.ApiKeys;
import dev.screenshots.api.limits.SubmitLimits;
import dev.screenshots.api.screenshots.ScreenshotService;
import dev.screenshots.api.system.ApiProblemException;
import dev.screenshots.model.capture.CaptureRequest;
import dev.screenshots.model.capture.Webhook;

/**
 * Runs due schedules, on every api-service instance: each round locks the schedule due
 * longest that no other instance holds, and in one transaction records its run (keyed by
 * schedule and due time), makes its job through {@link ScreenshotService} after the key's
 * rate limit and in-flight limit, as a submit would, and sets its next run to the first
 * slot after now. A run the limits or the URL policy refuse is recorded with the reason
 * and no job. A schedule whose key was revoked is paused.
 */
@Component
class ScheduleRunner {

	private static final Logger log = LoggerFactory.getLogger(ScheduleRunner.class);

	/** The most runs one round makes; the next round goes on. */
	private static final int MAX_PER_ROUND = 100;

	private final Schedules schedules;

	private final ScreenshotService screenshots;

	private final SubmitLimits limits;

	private final ApiKeys apiKeys;

	private final TransactionTemplate transactions;

	private final ScheduleProperties properties;

	private final JsonMapper json;

	ScheduleRunner(Schedules schedules, ScreenshotService screenshots, SubmitLimits limits, ApiKeys apiKeys,
			TransactionTemplate transactions, ScheduleProperties properties, JsonMapper json) {
		this.schedules = schedules;
		this.screenshots = screenshots;
		this.limits = limits;
		this.apiKeys = apiKeys;
		this.transactions = transactions;
		this.properties = properties;
		this.json = json;
	}

	@Scheduled(fixedDelayString = "${api.schedules.poll-interval:5s}",
			initialDelayString = "${api.schedules.poll-interval:5s}")
	void tick() {
		if (!this.properties.enabled()) {
			return;
		}
		for (int i = 0; i < MAX_PER_ROUND; i++) {
			try {
				if (!runOne()) {
					return;
				}
			}
			catch (RuntimeException ex) {
				// the run's transaction rolled back: the schedule stays due for the next
				// round
				log.warn("Running a due schedule failed; it stays due", ex);
				return;
			}
		}
	}

	/**
	 * Runs the schedule due longest, if any.
	 * @return whether one ran
	 */
	boolean runOne() {
		Boolean ran = this.transactions.execute((status) -> {
			Optional<Schedule> due = this.schedules.lockDue();
			if (due.isEmpty()) {
				return false;
			}
			Schedule schedule = due.get();
			Optional<ApiKeyPrincipal> caller = this.apiKeys.byId(schedule.apiKeyId());
			if (caller.isEmpty()) {
				this.schedules.pause(schedule.id(), "the API key that made it was revoked");
				log.info("Schedule {} paused: its API key was revoked", schedule.id());
				return true;
			}
			Instant next = CronSchedule.of(schedule.cron(), schedule.timeZone(), Duration.ZERO)
				.nextAfter(Instant.now());
			UUID job = null;
			String code = null;
			String message = null;
			try {
				this.limits.acquire(caller.get());
				job = this.screenshots.submit(request(schedule), null, null, caller.get(), null).job().row().id();
			}
			catch (ApiProblemException refused) {
				code = refused.code();
				message = refused.detail();
			}
			this.schedules.recordRun(schedule, next, job, code, message);
			log.debug("Schedule {} ran for {}: job {} {}", schedule.id(), schedule.nextRunAt(), job,
					(code != null) ? code : "");
			return true;
		});
		return Boolean.TRUE.equals(ran);
	}

	/** The run's capture request: the schedule's, with its comparison and webhook. */
	private CaptureRequest request(Schedule schedule) {
		CaptureRequest request = this.json.readValue(schedule.request(), CaptureRequest.class);
		ScheduleRequest.ScheduleCompare compare = (schedule.compare() != null)
				? this.json.readValue(schedule.compare(), ScheduleRequest.ScheduleCompare.class) : null;
		ScheduleRequest.Notify notify = (schedule.notification() != null)
				? this.json.readValue(schedule.notification(), ScheduleRequest.Notify.class) : null;
		Webhook webhook = (notify != null && notify.events() != null)
				? new Webhook(notify.url(), Arrays.stream(notify.events().split(",")).map(Webhook.Event::of).toList())
				: null;
		return new CaptureRequest(request.url(), request.html(), request.options(), request.priority(), webhook, null,
				(compare != null) ? compare.forRun(schedule.id()) : null);
	}

}
