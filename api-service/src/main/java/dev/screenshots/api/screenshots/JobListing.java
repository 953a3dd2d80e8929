package dev.screenshots.api.screenshots;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import dev.screenshots.api.jobs.JobSummary;
import dev.screenshots.api.jobs.ScreenshotJobs;
import dev.screenshots.api.system.ClientTimes;
import dev.screenshots.model.job.JobStatus;

/**
 * A tenant's jobs, newest first, a page at a time. Pages are cut by keyset (the last
 * job's creation time and id, in an opaque cursor), so a page is as cheap at the end of a
 * long history as at the start, and jobs created meanwhile do not shift later pages.
 */
@Component
class JobListing {

	static final int DEFAULT_LIMIT = 20;

	static final int MAX_LIMIT = 100;

	private final ScreenshotJobs jobs;

	JobListing(ScreenshotJobs jobs) {
		this.jobs = jobs;
	}

	/**
	 * What the client asked for, checked.
	 *
	 * @param status only jobs in this status, or {@code null}
	 * @param since only jobs created at or after, or {@code null}
	 * @param until only jobs created before, or {@code null}
	 * @param limit jobs per page
	 * @param after the position after which the page starts, or {@code null}
	 */
	record Query(JobStatus status, Instant since, Instant until, int limit, Position after) {

		static Query of(String status, String since, String until, String limit, String cursor) {
			return new Query(status(status), instant("since", since), instant("until", until), limit(limit),
					Position.of(cursor));
		}

		private static JobStatus status(String value) {
			if (value == null) {
				return null;
			}
			try {
				return JobStatus.of(value);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidQueryException("status", "must be one of "
						+ Arrays.stream(JobStatus.values()).map(JobStatus::value).collect(Collectors.joining(", ")));
			}
		}

		private static Instant instant(String parameter, String value) {
			if (value == null) {
				return null;
			}
			Instant instant;
			try {
				instant = OffsetDateTime.parse(value).toInstant();
			}
			catch (DateTimeParseException ex) {
				throw new InvalidQueryException(parameter,
						"must be an ISO-8601 date-time with an offset, e.g. 2026-11-23T09:00:00Z");
			}
			return ClientTimes.check(parameter, instant);
		}

		private static int limit(String value) {
			if (value == null) {
				return DEFAULT_LIMIT;
			}
			try {
				int limit = Integer.parseInt(value.trim());
				if (limit >= 1 && limit <= MAX_LIMIT) {
					return limit;
				}
			}
			catch (NumberFormatException ex) {
				// answered below
			}
			throw new InvalidQueryException("limit", "must be a whole number from 1 to " + MAX_LIMIT);
		}

	}

	/**
	 * Where a page ended: the last job's creation time and id.
	 *
	 * @param createdAt its creation time
	 * @param id its id
	 */
	record Position(Instant createdAt, UUID id) {

		static Position of(String cursor) {
			if (cursor == null) {
				return null;
			}
			try {
				String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
				if (parts.length != 2) {
					throw new IllegalArgumentException("two parts expected");
				}
				Instant createdAt = Instant.parse(parts[0]);
				if (!ClientTimes.allowed(createdAt)) {
					throw new IllegalArgumentException("a time no job has");
				}
				return new Position(createdAt, UUID.fromString(parts[1]));
			}
			catch (IllegalArgumentException | DateTimeParseException ex) {
				throw new InvalidQueryException("cursor", "is not a cursor this API gave out (use nextCursor as is)");
			}
		}

		String cursor() {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString((this.createdAt + "|" + this.id).getBytes(StandardCharsets.UTF_8));
		}

	}

	/**
	 * Reads one page, plus one row to know whether there is a next page.
	 * @param tenant the tenant
	 * @param query the checked query
	 * @return up to {@code limit + 1} rows
	 */
	List<JobSummary> page(String tenant, Query query) {
		Position after = query.after();
		return this.jobs.page(tenant, new JobSummary.Query(query.status(), query.since(), query.until(),
				(after != null) ? after.createdAt() : null, (after != null) ? after.id() : null, query.limit() + 1));
	}

}
