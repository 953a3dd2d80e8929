package dev.screenshots.api.screenshots;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.screenshots.model.job.JobStatus;

/**
 * A tenant's jobs, newest first, a page at a time. Pages are cut by keyset (the last
 * job's creation time and id, in an opaque cursor), so a page is as cheap at the end of a
 * long history as at the start, and jobs created meanwhile do not shift later pages.
 */
@Repository
class JobListing {

	static final int DEFAULT_LIMIT = 20;

	static final int MAX_LIMIT = 100;

	private final JdbcClient jdbc;

	JobListing(JdbcClient jdbc) {
		this.jdbc = jdbc;
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
			try {
				return OffsetDateTime.parse(value).toInstant();
			}
			catch (DateTimeParseException ex) {
				throw new InvalidQueryException(parameter,
						"must be an ISO-8601 date-time with an offset, e.g. 2026-11-23T09:00:00Z");
			}
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
				return new Position(Instant.parse(parts[0]), UUID.fromString(parts[1]));
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
	 * One job in a list.
	 *
	 * @param id the job id
	 * @param status its status
	 * @param url the page
	 * @param priority its priority
	 * @param attempts attempts started
	 * @param createdAt when it was accepted
	 * @param finishedAt when it reached a terminal status
	 * @param errorCode why it failed
	 */
	record Row(UUID id, JobStatus status, String url, String priority, int attempts, Instant createdAt,
			Instant finishedAt, String errorCode) {
	}

	/**
	 * Reads one page, plus one row to know whether there is a next page.
	 * @param tenant the tenant
	 * @param query the checked query
	 * @return up to {@code limit + 1} rows
	 */
	List<Row> page(String tenant, Query query) {
		StringBuilder sql = new StringBuilder("""
				SELECT id, status, source_url, priority, attempts, created_at, finished_at, error_code
				FROM screenshot_jobs WHERE tenant = :tenant""");
		JdbcClient.StatementSpec statement;
		if (query.status() != null) {
			sql.append(" AND status = :status");
		}
		if (query.since() != null) {
			sql.append(" AND created_at >= :since");
		}
		if (query.until() != null) {
			sql.append(" AND created_at < :until");
		}
		if (query.after() != null) {
			sql.append(" AND (created_at, id) < (:afterCreatedAt, :afterId)");
		}
		sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
		statement = this.jdbc.sql(sql.toString()).param("tenant", tenant).param("limit", query.limit() + 1);
		if (query.status() != null) {
			statement = statement.param("status", query.status().value());
		}
		if (query.since() != null) {
			statement = statement.param("since", utc(query.since()));
		}
		if (query.until() != null) {
			statement = statement.param("until", utc(query.until()));
		}
		if (query.after() != null) {
			statement = statement.param("afterCreatedAt", utc(query.after().createdAt()))
				.param("afterId", query.after().id());
		}
		return statement.query((rs, n) -> {
			OffsetDateTime finished = rs.getObject("finished_at", OffsetDateTime.class);
			return new Row(rs.getObject("id", UUID.class), JobStatus.of(rs.getString("status")),
					rs.getString("source_url"), rs.getString("priority"), rs.getInt("attempts"),
					rs.getObject("created_at", OffsetDateTime.class).toInstant(),
					(finished != null) ? finished.toInstant() : null, rs.getString("error_code"));
		}).list();
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
