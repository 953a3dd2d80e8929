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
 * longest that no other instance holds (the lock is what lets one instance alone make a
 * slot's run), and in one transaction claims the slot's run (keyed by schedule and due
 * time, so a slot is never run twice), sets the next run to the first slot after now, and
 * makes the job through {@link ScreenshotService} after the key's rate limit and
 * in-flight limit, as a submit would. A run the limits or the URL policy refuse is
 * recorded with the reason and no job. A schedule whose key was revoked is paused.
 */
@Component
class ScheduleRunner {

	private static final Logger log = LoggerFactory.getLogger(ScheduleRunner.class);

	/** The most runs one round makes; the next round goes on. */
	private static final int MAX_PER_ROUND = 100;

	/**
	 * How long a schedule whose run failed (not refused: failed) waits to be tried again.
	 */
	static final Duration RETRY_AFTER = Duration.ofMinutes(1);

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
			catch (RunFailedException ex) {
				// the run's transaction rolled back; the schedule is tried again a minute
				// later, so that one that keeps failing does not hold the others up
				log.warn("Running schedule {} failed; trying it again in {}", ex.scheduleId, RETRY_AFTER,
						ex.getCause());
				this.schedules.defer(ex.scheduleId, RETRY_AFTER);
			}
			catch (RuntimeException ex) {
				log.warn("Looking for due schedules failed", ex);
				return;
			}
		}
	}

	/**
	 * Runs the schedule due longest, if any.
	 * @return whether one ran
	 */
	boolean runOne() {
		UUID[] locked = new UUID[1];
		try {
			Boolean ran = this.transactions.execute((status) -> {
				Optional<Schedule> due = this.schedules.lockDue();
				if (due.isEmpty()) {
					return false;
				}
				locked[0] = due.get().id();
				run(due.get());
				return true;
			});
			return Boolean.TRUE.equals(ran);
		}
		catch (RuntimeException ex) {
			if (locked[0] == null) {
				throw ex;
			}
			// also a commit that failed, e.g. rolled back by a part that joined it
			throw new RunFailedException(locked[0], ex);
		}
	}

	/** Makes a locked due schedule's run, in the caller's transaction. */
	private void run(Schedule schedule) {
		Optional<ApiKeyPrincipal> caller = this.apiKeys.byId(schedule.apiKeyId());
		if (caller.isEmpty()) {
			this.schedules.pause(schedule.id(), "the API key that made it was revoked");
			log.info("Schedule {} paused: its API key was revoked", schedule.id());
			return;
		}
		Instant next = CronSchedule.of(schedule.cron(), schedule.timeZone(), Duration.ZERO).nextAfter(Instant.now());
		if (!this.schedules.claimRun(schedule, next)) {
			// this slot's run exists (made before a crash that left the schedule due)
			return;
		}
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
		this.schedules.recordRun(schedule, job, code, message);
		log.debug("Schedule {} ran for {}: job {} {}", schedule.id(), schedule.nextRunAt(), job,
				(code != null) ? code : "");
	}

	/** A run that failed (rolled back), with the schedule it was of. */
	private static final class RunFailedException extends RuntimeException {

		private final UUID scheduleId;

		RunFailedException(UUID scheduleId, RuntimeException cause) {
			super(cause);
			this.scheduleId = scheduleId;
		}

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
