package dev.screenshots.api.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.screenshots.api.apikeys.ApiKeyPrincipal;
import dev.screenshots.api.system.SigningSecrets;

/**
 * The tenant's webhook secret (to verify signatures with), its rotation, a job's
 * deliveries with every attempt, and redelivery.
 */
@RestController
class WebhookController {

	private final WebhookSecrets secrets;

	private final WebhookDeliveries deliveries;

	WebhookController(WebhookSecrets secrets, WebhookDeliveries deliveries) {
		this.secrets = secrets;
		this.deliveries = deliveries;
	}

	@Operation(summary = "Get the webhook signing secret",
			description = "The tenant's Standard Webhooks secret (whsec_…) to verify webhook-signature with; made on first use.")
	@GetMapping(path = "/webhook-secret", produces = MediaType.APPLICATION_JSON_VALUE)
	SecretView secret(@AuthenticationPrincipal ApiKeyPrincipal caller) {
		return SecretView.of(caller.tenant(), this.secrets.forTenant(caller.tenant()));
	}

	@Operation(summary = "Rotate the webhook signing secret",
			description = "Replaces the tenant's secret. For the grace period deliveries carry a second signature made with the previous one.")
	@PostMapping(path = "/webhook-secret/rotate", produces = MediaType.APPLICATION_JSON_VALUE)
	SecretView rotate(@AuthenticationPrincipal ApiKeyPrincipal caller) {
		return SecretView.of(caller.tenant(), this.secrets.rotate(caller.tenant()));
	}

	@Operation(summary = "List a job's webhook deliveries",
			description = "Each delivery of the job's events with its status and every attempt: time, HTTP status or error, duration.")
	@GetMapping(path = "/screenshots/{id}/webhook-deliveries", produces = MediaType.APPLICATION_JSON_VALUE)
	List<WebhookDeliveries.Delivery> deliveries(@PathVariable String id,
			@AuthenticationPrincipal ApiKeyPrincipal caller) {
		return this.deliveries.list(this.deliveries.ownedJob(id, caller.tenant()));
	}

	/**
	 * Sends a delivery again, with the same {@code webhook-id} and body: one more attempt
	 * for a given-up delivery, or a repeat of a delivered one.
	 */
	@Operation(summary = "Redeliver a webhook",
			description = "Sends a given-up or delivered event again with the same webhook-id and body.")
	@PostMapping(path = "/screenshots/{id}/webhook-deliveries/{deliveryId}/redeliver",
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<WebhookDeliveries.Delivery> redeliver(@PathVariable String id, @PathVariable String deliveryId,
			@AuthenticationPrincipal ApiKeyPrincipal caller) {
		UUID jobId = this.deliveries.ownedJob(id, caller.tenant());
		return ResponseEntity.accepted().body(this.deliveries.redeliver(jobId, deliveryId));
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

		static SecretView of(String tenant, SigningSecrets.Secrets secrets) {
			return new SecretView(tenant, secrets.current(), secrets.previousValidUntil());
		}

	}

}
