package dev.screenshots.api.webhooks;

import org.springframework.http.HttpStatus;

import dev.screenshots.api.system.ApiProblemException;

/**
 * A redelivery of a delivery that is still being tried.
 */
class WebhookDeliveryPendingException extends ApiProblemException {

	WebhookDeliveryPendingException(String id) {
		super(HttpStatus.CONFLICT, "WEBHOOK_DELIVERY_PENDING", "Webhook delivery still pending",
				"Delivery " + id + " is still being tried; it can be sent again once delivered or given up");
	}

}
