package dev.screenshots.api.schedules;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.screenshots.api.apikeys.ApiKeyPrincipal;
import dev.screenshots.api.screenshots.RequestOverLimitException;
import dev.screenshots.api.system.InvalidFieldException;
import dev.screenshots.api.system.StoredText;
import dev.screenshots.api.screenshots.ScreenshotService;
import dev.screenshots.model.capture.CaptureRequest;
import dev.screenshots.model.capture.ImageFormat;
import dev.screenshots.model.capture.Priority;
import dev.screenshots.runtime.baselines.BaselineStore;

/**
 * Scheduled captures: {@code POST /schedules} with a cron expression, a capture request,
 * an optional comparison (with a baseline or the previous run) and where changes are
 * announced; reading, changing, pausing, resuming and deleting them, and the timeline of
 * their runs.
 */
@RestController
class ScheduleController {

	private final Schedules schedules;

	private final ScheduleProperties properties;

	private final JsonMapper json;

	private final ScreenshotService screenshots;

	private final BaselineStore baselines;

	ScheduleController(Schedules schedules, ScheduleProperties properties, JsonMapper json,
			ScreenshotService screenshots, BaselineStore baselines) {
		this.schedules = schedules;
		this.properties = properties;
		this.json = json;
		this.screenshots = screenshots;
		this.baselines = baselines;
	}

	@Operation(summary = "Create a schedule",
			description = "Captures the request at every slot of the cron expression (5 fields, or 6 with seconds first, in timeZone, UTC by default); each due run makes one job, under the key's limits. compare: {baseline} or {previous: true}; notify: {url, onChange, onFailure}.")
	@PostMapping(path = "/schedules", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<ScheduleView> create(@Valid @RequestBody ScheduleRequest request,
			@AuthenticationPrincipal ApiKeyPrincipal caller) {
		refuseUnstorable(request);
		if (request.cron() == null) {
			throw new InvalidFieldException("cron", "must be given");
		}
		if (request.request() == null) {
			throw new InvalidFieldException("request", "must be given");
		}
		if (this.schedules.count(caller.tenant()) >= this.properties.maxPerTenant()) {
			throw new RequestOverLimitException("schedules", "a tenant may have at most "
					+ this.properties.maxPerTenant() + " schedules (api.schedules.max-per-tenant)");
		}
		String zone = (request.timeZone() != null) ? request.timeZone() : "UTC";
		CronSchedule cron = CronSchedule.of(request.cron(), zone, this.properties.minInterval());
		checkRuns(request.request(), request.compare(), request.notification(), caller);
		boolean paused = Boolean.TRUE.equals(request.paused());
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		Schedule schedule = new Schedule(UUID.randomUUID(), caller.tenant(), caller.keyId(), request.name(),
				request.cron(), zone, json("request", request.request()), json("compare", request.compare()),
				json("notify", request.notification()), paused, null, paused ? null : cron.nextAfter(now), null, now,
				now);
		this.schedules.insert(schedule);
		return ResponseEntity.status(HttpStatus.CREATED).body(view(schedule));
	}

	@Operation(summary = "List schedules", description = "The tenant's schedules, oldest first.")
	@GetMapping(path = "/schedules", produces = MediaType.APPLICATION_JSON_VALUE)
	ScheduleView.Page list(@AuthenticationPrincipal ApiKeyPrincipal caller) {
		return new ScheduleView.Page(this.schedules.list(caller.tenant()).stream().map(this::view).toList());
	}

	@Operation(summary = "Get a schedule", description = "The schedule with its next and last run.")
	@GetMapping(path = "/schedules/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	ScheduleView get(@PathVariable String id, @AuthenticationPrincipal ApiKeyPrincipal caller) {
		return view(find(id, caller.tenant()));
	}

	@Operation(summary = "Change a schedule",
			description = "Replaces the fields given (name, cron, timeZone, request, compare, notify, paused); the next run follows the new cron.")
	@PatchMapping(path = "/schedules/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ScheduleView change(@PathVariable String id, @Valid @RequestBody ScheduleRequest change,
			@AuthenticationPrincipal ApiKeyPrincipal caller) {
		refuseUnstorable(change);
		Schedule current = find(id, caller.tenant());
		String cron = (change.cron() != null) ? change.cron() : current.cron();
		String zone = (change.timeZone() != null) ? change.timeZone() : current.timeZone();
		boolean paused = (change.paused() != null) ? change.paused() : current.paused();
		checkRuns(
				(change.request() != null) ? change.request()
						: this.json.readValue(current.request(), CaptureRequest.class),
				(change.compare() != null) ? change.compare()
						: (current.compare() != null)
								? this.json.readValue(current.compare(), ScheduleRequest.ScheduleCompare.class) : null,
				change.notification(), caller);
		return save(current, change, cron, zone, paused);
	}

	@Operation(summary = "Pause a schedule", description = "No run is made until it is resumed.")
	@PostMapping(path = "/schedules/{id}/pause", produces = MediaType.APPLICATION_JSON_VALUE)
	ScheduleView pause(@PathVariable String id, @AuthenticationPrincipal ApiKeyPrincipal caller) {
		// (the runs' checks are not repeated: pausing must always work)
		Schedule current = find(id, caller.tenant());
		return save(current, null, current.cron(), current.timeZone(), true);
	}

	@Operation(summary = "Resume a schedule",
			description = "Runs again from the next slot after now; slots missed while paused are not made up.")
	@PostMapping(path = "/schedules/{id}/resume", produces = MediaType.APPLICATION_JSON_VALUE)
	ScheduleView resume(@PathVariable String id, @AuthenticationPrincipal ApiKeyPrincipal caller) {
		Schedule current = find(id, caller.tenant());
		return save(current, null, current.cron(), current.timeZone(), false);
	}

	@Operation(summary = "Delete a schedule",
			description = "Deletes the schedule, its run history and the baseline a comparison with the previous run kept (not its jobs).")
	@DeleteMapping("/schedules/{id}")
	ResponseEntity<Void> delete(@PathVariable String id, @AuthenticationPrincipal ApiKeyPrincipal caller) {
		UUID schedule = parse(id);
		if (!this.schedules.delete(schedule, caller.tenant())) {
			throw new ScheduleNotFoundException(id);
		}
		// the baseline a comparison with the previous run kept
		this.baselines.delete(caller.tenant(), "schedule-" + schedule);
		return ResponseEntity.noContent().build();
	}

	@Operation(summary = "A schedule's runs",
			description = "The monitoring timeline: each run, the newest first, with its job, the comparison's status and mismatch, and links to the image and diff.")
	@GetMapping(path = "/schedules/{id}/runs", produces = MediaType.APPLICATION_JSON_VALUE)
	ScheduleView.Runs runs(@PathVariable String id, @RequestParam(defaultValue = "50") int limit,
			@AuthenticationPrincipal ApiKeyPrincipal caller) {
		if (limit < 1 || limit > 500) {
			throw new InvalidFieldException("limit", "must be from 1 to 500");
		}
		Schedule schedule = find(id, caller.tenant());
		String base = ServletUriComponentsBuilder.fromCurrentContextPath().path("/screenshots/").toUriString();
		var runs = this.schedules.runs(schedule.id(), limit).stream().map((run) -> run(run, base)).toList();
		return new ScheduleView.Runs(runs, runs.stream().filter((run) -> Boolean.TRUE.equals(run.changed())).count());
	}

	private ScheduleView.Run run(Schedules.Run run, String base) {
		JsonNode comparison = (run.comparison() != null) ? this.json.readTree(run.comparison()) : null;
		Map<String, String> links = new LinkedHashMap<>();
		if (run.jobId() != null) {
			links.put("job", base + run.jobId());
			if ("completed".equals(run.jobStatus())) {
				links.put("image", base + run.jobId() + "/image");
				if (comparison != null && comparison.has("diffPixels")) {
					links.put("diff", base + run.jobId() + "/artifacts/diff");
				}
			}
		}
		Map<String, String> error = (run.errorCode() != null) ? (run.errorMessage() != null)
				? Map.of("code", run.errorCode(), "message", run.errorMessage()) : Map.of("code", run.errorCode())
				: null;
		return new ScheduleView.Run(run.dueAt(), run.startedAt(), run.jobId(),
				(run.jobId() != null) ? run.jobStatus() : "refused",
				(comparison != null) ? comparison.path("status").asString() : null,
				(comparison != null) ? comparison.path("changed").asBoolean() : null,
				(comparison != null && comparison.has("mismatchPercent"))
						? comparison.path("mismatchPercent").asDouble() : null,
				(comparison != null && comparison.has("diffPixels")) ? comparison.path("diffPixels").asInt() : null,
				error, links.isEmpty() ? null : links);
	}

	/**
	 * What a run would refuse, refused now: a high priority the key may not use, a
	 * webhook URL the policy denies, a comparison of a PDF or resized capture.
	 */
	private void checkRuns(CaptureRequest request, ScheduleRequest.ScheduleCompare compare,
			ScheduleRequest.Notify notify, ApiKeyPrincipal caller) {
		if (request.priority() == Priority.HIGH && !caller.allowHighPriority()) {
			throw new InvalidFieldException("request.priority", "this key may not submit high priority");
		}
		if (compare != null && (request.options().format() == ImageFormat.PDF || request.options().resize() != null)) {
			throw new InvalidFieldException("compare",
					"needs an image (png, jpeg or webp, not pdf) as captured (not resized)");
		}
		if (notify != null) {
			this.screenshots.checkWebhook(notify.url());
		}
	}

	private ScheduleView save(Schedule current, ScheduleRequest change, String cron, String zone, boolean paused) {
		// a cron that stays is not checked against a minimum raised since: it can still
		// be
		// paused, resumed and renamed
		boolean cronChanged = !cron.equals(current.cron()) || !zone.equals(current.timeZone());
		CronSchedule schedule = CronSchedule.of(cron, zone,
				cronChanged ? this.properties.minInterval() : java.time.Duration.ZERO);
		Schedule changed = new Schedule(current.id(), current.tenant(), current.apiKeyId(),
				(change != null && change.name() != null) ? change.name() : current.name(), cron, zone,
				(change != null && change.request() != null) ? json("request", change.request()) : current.request(),
				(change != null && change.compare() != null) ? json("compare", change.compare()) : current.compare(),
				(change != null && change.notification() != null) ? json("notify", change.notification())
						: current.notification(),
				paused, null, paused ? null : schedule.nextAfter(Instant.now()), current.lastRunAt(),
				current.createdAt(), Instant.now());
		this.schedules.update(changed);
		return view(this.schedules.find(current.id(), current.tenant()).orElseThrow());
	}

	private Schedule find(String id, String tenant) {
		return this.schedules.find(parse(id), tenant).orElseThrow(() -> new ScheduleNotFoundException(id));
	}

	private ScheduleView view(Schedule schedule) {
		String self = ServletUriComponentsBuilder.fromCurrentContextPath()
			.path("/schedules/{id}")
			.buildAndExpand(schedule.id())
			.toUriString();
		return new ScheduleView(schedule.id(), schedule.name(), schedule.cron(), schedule.timeZone(),
				this.json.readValue(schedule.request(), CaptureRequest.class),
				(schedule.compare() != null)
						? this.json.readValue(schedule.compare(), ScheduleRequest.ScheduleCompare.class) : null,
				(schedule.notification() != null)
						? this.json.readValue(schedule.notification(), ScheduleRequest.Notify.class) : null,
				schedule.paused(), schedule.pausedReason(), schedule.nextRunAt(), schedule.lastRunAt(),
				schedule.createdAt(), schedule.updatedAt(), Map.of("self", self, "runs", self + "/runs"));
	}

	/**
	 * Refuses a NUL character or half of a surrogate pair in a schedule's plain texts,
	 * which its row could not hold as sent (Spring's cron parser would also trim a NUL
	 * from a cron's end); its JSON fields are checked as they are written
	 * ({@link #json(String, Object)}).
	 */
	private void refuseUnstorable(ScheduleRequest request) {
		StoredText.check("name", request.name());
		StoredText.check("cron", request.cron());
		StoredText.check("timeZone", request.timeZone());
	}

	/**
	 * A field of the schedule as its row stores it, checked as {@link StoredText} checks
	 * it.
	 */
	private String json(String field, Object value) {
		return StoredText.checkJson(field, (value != null) ? this.json.writeValueAsString(value) : null);
	}

	private static UUID parse(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new ScheduleNotFoundException(id);
		}
	}

}
