package dev.screenshots.api.webhooks;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.screenshots.api.apikeys.ApiKeyPrincipal;
import dev.screenshots.api.screenshots.JobNotFoundException;

/**
 * The tenant's webhook secret (to verify signatures with), its rotation, and a job's
 * deliveries with every attempt.
 */
@RestController
class WebhookController {

	private final WebhookSecrets secrets;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	WebhookController(WebhookSecrets secrets, JdbcClient jdbc, JsonMapper json) {
		this.secrets = secrets;
		this.jdbc = jdbc;
		this.json = json;
	}

	@GetMapping(path = "/webhook-secret", produces = MediaType.APPLICATION_JSON_VALUE)
	SecretView secret(@AuthenticationPrincipal ApiKeyPrincipal caller) {
		return SecretView.of(caller.tenant(), this.secrets.forTenant(caller.tenant()));
	}

	@PostMapping(path = "/webhook-secret/rotate", produces = MediaType.APPLICATION_JSON_VALUE)
	SecretView rotate(@AuthenticationPrincipal ApiKeyPrincipal caller) {
		return SecretView.of(caller.tenant(), this.secrets.rotate(caller.tenant()));
	}

	@GetMapping(path = "/screenshots/{id}/webhook-deliveries", produces = MediaType.APPLICATION_JSON_VALUE)
	List<Delivery> deliveries(@PathVariable String id, @AuthenticationPrincipal ApiKeyPrincipal caller) {
		UUID jobId;
		try {
			jobId = UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new JobNotFoundException(id);
		}
		boolean exists = this.jdbc.sql("SELECT count(*) FROM screenshot_jobs WHERE id = :id AND tenant = :tenant")
			.param("id", jobId)
			.param("tenant", caller.tenant())
			.query(Integer.class)
			.single() > 0;
		if (!exists) {
			throw new JobNotFoundException(id);
		}
		return this.jdbc.sql("""
				SELECT message_id, event, url, status, attempts, next_attempt_at, created_at, finished_at,
				       attempt_log::text AS attempt_log
				FROM webhook_deliveries WHERE job_id = :id ORDER BY id
				""").param("id", jobId).query((rs, n) -> {
			OffsetDateTime next = rs.getObject("next_attempt_at", OffsetDateTime.class);
			OffsetDateTime finished = rs.getObject("finished_at", OffsetDateTime.class);
			String status = rs.getString("status");
			return new Delivery(rs.getString("message_id"), rs.getString("event"), rs.getString("url"), status,
					rs.getInt("attempts"),
					"pending".equals(status) && next != null ? next.toInstant().toString() : null,
					rs.getObject("created_at", OffsetDateTime.class).toInstant().toString(),
					(finished != null) ? finished.toInstant().toString() : null,
					this.json.readTree(rs.getString("attempt_log")));
		}).list();
	}

	/**
	 * The tenant's signing secret.
	 *
	 * @param tenant the tenant
	 * @param secret the secret that signs deliveries ({@code whsec_…})
	 * @param previousSecretValidUntil after a rotation: until when the previous secret
	 * signs too (a second signature)
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record SecretView(String tenant, String secret, Instant previousSecretValidUntil) {

		static SecretView of(String tenant, WebhookSecrets.Secrets secrets) {
			return new SecretView(tenant, secrets.current(), secrets.previousValidUntil());
		}

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
