package dev.screenshots.api.admin;

import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.screenshots.api.system.ClientTimes;

/**
 * The dead-letter queue for operators.
 *
 * <ul>
 * <li>{@code GET /admin/dead-letters?page=&size=&errorCode=&since=&until=}: open dead
 * letters, newest first.</li>
 * <li>{@code POST /admin/dead-letters/{jobId}/redrive}: redrive one job.</li>
 * <li>{@code POST /admin/dead-letters/redrive} with {@code {"errorCode", "since",
 * "until"}}: redrive every match.</li>
 * </ul>
 */
@RestController
@RequestMapping(path = "/admin/dead-letters", produces = MediaType.APPLICATION_JSON_VALUE)
class DeadLetterController {

	private final DeadLetterService service;

	DeadLetterController(DeadLetterService service) {
		this.service = service;
	}

	@Operation(summary = "List dead letters",
			description = "The jobs that failed for good and sit in the dead-letter queue, with the reason, error code and attempts. Admin keys only.")
	@GetMapping
	DeadLetterService.Page list(@RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
			@RequestParam(defaultValue = "50") @Min(1) @Max(500) int size,
			@RequestParam(required = false) @Pattern(regexp = "[A-Z_]{1,64}") String errorCode,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant until) {
		return this.service.list(page, size,
				new RedriveFilter(errorCode, ClientTimes.check("since", since), ClientTimes.check("until", until)));
	}

	@Operation(summary = "Redrive one dead letter",
			description = "Puts a dead-lettered job back in the work queue with a fresh attempt budget, once what failed it is fixed. Admin keys only.")
	@PostMapping("/{jobId}/redrive")
	RedriveResult redrive(@PathVariable UUID jobId) {
		return this.service.redrive(jobId);
	}

	@Operation(summary = "Redrive dead letters by error code",
			description = "Redrives every open dead letter with the given error codes, e.g. after a storage outage. Admin keys only.")
	@PostMapping(path = "/redrive", consumes = MediaType.APPLICATION_JSON_VALUE)
	RedriveResult redriveMatching(@Valid @RequestBody RedriveFilter filter) {
		ClientTimes.check("since", filter.since());
		ClientTimes.check("until", filter.until());
		return this.service.redriveMatching(filter);
	}

}
