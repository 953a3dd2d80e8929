package dev.screenshots.api.screenshots;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

import dev.screenshots.model.capture.CaptureOptions;
import dev.screenshots.model.capture.CaptureRequest;
import dev.screenshots.model.capture.Compare;
import dev.screenshots.model.capture.HttpUrl;
import dev.screenshots.model.capture.Priority;
import dev.screenshots.model.capture.ResultCache;
import dev.screenshots.model.capture.Webhook;

/**
 * {@code POST /screenshots/batch}: up to {@value #MAX_ITEMS} requests, each read and
 * answered on its own (a bad item does not spoil the others), and optionally one webhook
 * for the whole batch.
 *
 * @param requests the items, as JSON: each what {@code POST /screenshots} takes, plus
 * {@code idempotencyKey}
 * @param webhook where to post {@code batch.completed}, or {@code null}
 */
record BatchRequest(@NotNull @Size(min = 1, max = MAX_ITEMS) List<JsonNode> requests, @Valid BatchWebhook webhook) {

	static final int MAX_ITEMS = 100;

	/**
	 * The batch's webhook.
	 *
	 * @param url where {@code batch.completed} is posted, signed like job webhooks
	 */
	record BatchWebhook(@NotNull @HttpUrl String url) {
	}

	/**
	 * One item of a batch.
	 *
	 * @param url the page, as for a submit
	 * @param html an inline document, as for a submit
	 * @param options the capture options
	 * @param priority the priority
	 * @param webhook the job's own webhook
	 * @param cache whether an identical earlier capture may answer
	 * @param idempotencyKey what the {@code Idempotency-Key} header is for a submit
	 * @param compare compare the capture with a baseline
	 */
	record Item(String url, String html, CaptureOptions options, Priority priority, Webhook webhook, ResultCache cache,
			String idempotencyKey, Compare compare) {

		CaptureRequest capture() {
			return new CaptureRequest(this.url, this.html, this.options, this.priority, this.webhook, this.cache,
					this.compare);
		}

	}

}
