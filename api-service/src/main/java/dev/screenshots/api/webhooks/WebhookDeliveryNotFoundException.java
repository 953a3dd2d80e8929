package dev.screenshots.api.webhooks;

import org.springframework.http.HttpStatus;

import dev.screenshots.api.system.ApiProblemException;

/**
 * The job has no webhook delivery with that id.
 */
class WebhookDeliveryNotFoundException extends ApiProblemException {

	WebhookDeliveryNotFoundException(String id) {
		super(HttpStatus.NOT_FOUND, "WEBHOOK_DELIVERY_NOT_FOUND", "Webhook delivery not found",
				"The job has no webhook delivery " + id);
	}

}
