package dev.screenshots.api.webhooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.screenshots.api.jobs.JobNotFoundException;
import dev.screenshots.api.jobs.ScreenshotJobs;

/**
 * A job's webhook deliveries as clients see them ({@code webhook_deliveries}, written by
 * the trigger of migration V8 and by {@link WebhookDispatcher}), and redelivery.
 */
@Repository
class WebhookDeliveries {

	private static final String COLUMNS = """
			message_id, event, url, status, attempts, next_attempt_at, created_at, finished_at,
			attempt_log::text AS attempt_log""";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final ScreenshotJobs jobs;

	WebhookDeliveries(JdbcClient jdbc, JsonMapper json, ScreenshotJobs jobs) {
		this.jdbc = jdbc;
		this.jobs = jobs;
		this.json = json;
	}

	/**
	 * The job, if it is the tenant's.
	 * @param id the job id as given
	 * @param tenant the caller's tenant
	 * @return the job id
	 * @throws JobNotFoundException for a malformed id, or a job of no or another tenant
	 */
	UUID ownedJob(String id, String tenant) {
		UUID jobId;
		try {
			jobId = UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new JobNotFoundException(id);
		}
		if (!this.jobs.exists(jobId, tenant)) {
			throw new JobNotFoundException(id);
		}
		return jobId;
	}

	List<Delivery> list(UUID jobId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM webhook_deliveries WHERE job_id = :id ORDER BY id")
			.param("id", jobId)
			.query((rs, n) -> delivery(rs))
			.list();
	}

	/**
	 * Makes a finished delivery due now. The dispatcher sends it with the same id and
	 * body; a given-up delivery has used its attempts, so it gets one more, and a
	 * delivered one is retried on the schedule if this repeat fails.
	 * @param jobId the job
	 * @param deliveryId the {@code webhook-id}
	 * @return the delivery, pending
	 */
	Delivery redeliver(UUID jobId, String deliveryId) {
		Delivery delivery = this.jdbc.sql("""
				UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now(), finished_at = NULL
				WHERE job_id = :job AND message_id = :id AND status <> 'pending'
				RETURNING %s
				""".formatted(COLUMNS))
			.param("job", jobId)
			.param("id", deliveryId)
			.query((rs, n) -> delivery(rs))
			.optional()
			.orElseThrow(() -> this.jdbc
				.sql("SELECT count(*) FROM webhook_deliveries WHERE job_id = :job AND message_id = :id")
				.param("job", jobId)
				.param("id", deliveryId)
				.query(Integer.class)
				.single() > 0 ? new WebhookDeliveryPendingException(deliveryId)
						: new WebhookDeliveryNotFoundException(deliveryId));
		// wakes the dispatchers, as the trigger does for a new delivery
		this.jdbc.sql("SELECT pg_notify('webhook_deliveries', :job)")
			.param("job", jobId.toString())
			.query()
			.listOfRows();
		return delivery;
	}

	private Delivery delivery(ResultSet rs) throws SQLException {
		OffsetDateTime next = rs.getObject("next_attempt_at", OffsetDateTime.class);
		OffsetDateTime finished = rs.getObject("finished_at", OffsetDateTime.class);
		String status = rs.getString("status");
		return new Delivery(rs.getString("message_id"), rs.getString("event"), rs.getString("url"), status,
				rs.getInt("attempts"), ("pending".equals(status) && next != null) ? next.toInstant().toString() : null,
				rs.getObject("created_at", OffsetDateTime.class).toInstant().toString(),
				(finished != null) ? finished.toInstant().toString() : null,
				this.json.readTree(rs.getString("attempt_log")));
	}

	/**
	 * One delivery of a job's event.
	 *
	 * @param id the {@code webhook-id}
	 * @param event the status announced
	 * @param url where it goes
	 * @param status {@code pending}, {@code delivered} or {@code given_up}
	 * @param attempts attempts made
	 * @param nextAttemptAt while pending: when the next attempt is due
	 * @param createdAt when the job reached the event
	 * @param finishedAt when it was delivered or given up
	 * @param attemptLog every attempt: number, time, HTTP status or error, duration
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Delivery(String id, String event, String url, String status, int attempts, String nextAttemptAt,
			String createdAt, String finishedAt, JsonNode attemptLog) {
	}

}
