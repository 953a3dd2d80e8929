package dev.screenshots.api.admin;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.screenshots.api.jobs.ScreenshotJobs;
import dev.screenshots.model.capture.Priority;
import dev.screenshots.runtime.messaging.CaptureMessages;
import dev.screenshots.runtime.outbox.Outbox;

/**
 * The dead-letter queue for operators: its index ({@code dead_letters}), and redrive.
 *
 * <p>
 * A redrive sets each job back to {@code pending} with its attempts reset, closes its
 * dead letter, and writes a fresh work message to the outbox, all in one transaction.
 * Only once the broker has confirmed every republished message are the jobs' messages
 * removed from the dead-letter queue, so a crash at any point leaves the job either still
 * dead-lettered or on its way, never lost.
 */
@Service
class DeadLetterService {

	private static final Duration CONFIRM_WAIT = Duration.ofSeconds(15);

	private static final int BATCH = 500;

	private final JdbcClient jdbc;

	private final ScreenshotJobs jobs;

	private final TransactionTemplate transactions;

	private final Outbox outbox;

	private final DeadLetterQueue queue;

	private final JsonMapper json;

	DeadLetterService(JdbcClient jdbc, ScreenshotJobs jobs, TransactionTemplate transactions, Outbox outbox,
			DeadLetterQueue queue, JsonMapper json) {
		this.jdbc = jdbc;
		this.jobs = jobs;
		this.transactions = transactions;
		this.outbox = outbox;
		this.queue = queue;
		this.json = json;
	}

	/**
	 * A page of open dead letters, newest first.
	 *
	 * @param items the entries
	 * @param page the page number, from 0
	 * @param size the page size
	 * @param total how many entries match in all
	 */
	record Page(List<DeadLetterView> items, int page, int size, long total) {
	}

	Page list(int page, int size, RedriveFilter filter) {
		String where = where(filter);
		long total = bind(this.jdbc.sql("SELECT count(*) FROM dead_letters WHERE " + where), filter).query(Long.class)
			.single();
		List<DeadLetterView> items = bind(this.jdbc.sql("SELECT * FROM dead_letters WHERE " + where
				+ " ORDER BY dead_lettered_at DESC, id DESC LIMIT :limit OFFSET :offset"), filter)
			.param("limit", size)
			.param("offset", (long) page * size)
			.query((rs, row) -> new DeadLetterView(rs.getLong("id"), rs.getObject("job_id", UUID.class),
					rs.getString("reason"), rs.getString("error_code"), rs.getInt("attempts"),
					rs.getString("worker_id"), instant(rs.getTimestamp("first_failed_at")),
					instant(rs.getTimestamp("last_failed_at")), instant(rs.getTimestamp("dead_lettered_at")),
					rs.getString("payload_preview")))
			.list();
		return new Page(items, page, size, total);
	}

	RedriveResult redrive(UUID jobId) {
		boolean open = this.jdbc.sql("SELECT count(*) FROM dead_letters WHERE job_id = :id AND redriven_at IS NULL")
			.param("id", jobId)
			.query(Long.class)
			.single() > 0;
		if (!open) {
			throw new DeadLetterNotFoundException(jobId);
		}
		return redrive(List.of(jobId));
	}

	RedriveResult redriveMatching(RedriveFilter filter) {
		List<UUID> jobIds = bind(this.jdbc.sql("SELECT job_id FROM dead_letters WHERE job_id IS NOT NULL AND "
				+ where(filter) + " ORDER BY dead_lettered_at"), filter)
			.query(UUID.class)
			.list();
		return redrive(jobIds);
	}

	private RedriveResult redrive(List<UUID> jobIds) {
		List<UUID> redriven = new ArrayList<>();
		List<Long> messages = new ArrayList<>();
		for (int from = 0; from < jobIds.size(); from += BATCH) {
			List<UUID> batch = jobIds.subList(from, Math.min(jobIds.size(), from + BATCH));
			this.transactions.executeWithoutResult((status) -> {
				for (UUID jobId : batch) {
					Optional<Priority> reset = this.jobs.redrive(jobId);
					if (reset.isPresent()) {
						messages.add(this.outbox
							.enqueue(CaptureMessages.capture(jobId, Instant.now(), reset.get(), this.json)));
						redriven.add(jobId);
					}
					this.jdbc
						.sql("UPDATE dead_letters SET redriven_at = now() WHERE job_id = :id AND redriven_at IS NULL")
						.param("id", jobId)
						.update();
				}
			});
		}
		boolean confirmed = awaitPublished(messages);
		int removed = confirmed ? this.queue.remove(new HashSet<>(jobIds)) : 0;
		return new RedriveResult(redriven, confirmed, removed);
	}

	private boolean awaitPublished(List<Long> messages) {
		long deadline = System.nanoTime() + CONFIRM_WAIT.toNanos();
		while (!this.outbox.allSent(messages)) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return true;
	}

	private static String where(RedriveFilter filter) {
		StringBuilder where = new StringBuilder("redriven_at IS NULL");
		if (filter.errorCode() != null) {
			where.append(" AND error_code = :errorCode");
		}
		if (filter.since() != null) {
			where.append(" AND dead_lettered_at >= :since");
		}
		if (filter.until() != null) {
			where.append(" AND dead_lettered_at < :until");
		}
		return where.toString();
	}

	private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, RedriveFilter filter) {
		if (filter.errorCode() != null) {
			statement = statement.param("errorCode", filter.errorCode());
		}
		if (filter.since() != null) {
			statement = statement.param("since", OffsetDateTime.ofInstant(filter.since(), ZoneOffset.UTC));
		}
		if (filter.until() != null) {
			statement = statement.param("until", OffsetDateTime.ofInstant(filter.until(), ZoneOffset.UTC));
		}
		return statement;
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
