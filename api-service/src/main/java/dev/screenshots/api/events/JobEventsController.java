package dev.screenshots.api.events;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.screenshots.api.apikeys.ApiKeyPrincipal;
import dev.screenshots.api.jobs.JobNotFoundException;

/**
 * {@code GET /screenshots/{id}/events}: the job's transitions as Server-Sent Events, one
 * per status it enters ({@link JobEvent} as JSON, the event id for
 * {@code Last-Event-ID}), the stream closing after the terminal one. A client that
 * connects after the job finished gets its whole history and the end at once.
 */
@RestController
class JobEventsController {

	private final JobEvents events;

	private final JobEventStreams streams;

	JobEventsController(JobEvents events, JobEventStreams streams) {
		this.events = events;
		this.streams = streams;
	}

	@Operation(summary = "Stream a job's transitions",
			description = "Server-Sent Events of the job's transitions as they happen (status, step timing, attempt), closed after the terminal one. Send Last-Event-ID to resume after a disconnect.")
	@GetMapping(path = "/screenshots/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter events(@PathVariable String id,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
			@AuthenticationPrincipal ApiKeyPrincipal caller) {
		UUID jobId = JobNotFoundException.parse(id);
		if (!this.events.exists(jobId, caller.tenant())) {
			throw new JobNotFoundException(id);
		}
		return this.streams.open(jobId, lastEventId(lastEventId));
	}

	private static long lastEventId(String header) {
		if (header == null || header.isBlank()) {
			return 0;
		}
		try {
			long id = Long.parseLong(header.trim());
			if (id < 0) {
				throw new InvalidLastEventIdException(header);
			}
			return id;
		}
		catch (NumberFormatException ex) {
			throw new InvalidLastEventIdException(header);
		}
	}

}
