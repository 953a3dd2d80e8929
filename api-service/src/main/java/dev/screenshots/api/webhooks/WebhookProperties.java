package dev.screenshots.api.webhooks;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Webhook delivery ({@code api.webhooks.*}).
 *
 * @param retryDelays the waits before the second, third, … attempt; after the last one
 * the delivery is given up (default: 6 attempts over about an hour)
 * @param timeout how long one attempt may take, connecting included
 * @param pollInterval the longest the dispatcher waits between looks for due deliveries:
 * a new delivery wakes it at once (a notification) and a retry is waited for until it is
 * due, so this is only the safety net
 * @param batchSize how many deliveries one instance takes at a time
 * @param rotationGrace how long a rotated-out secret keeps signing next to the new one
 */
@Validated
@ConfigurationProperties("api.webhooks")
public record WebhookProperties(@DefaultValue("30s,2m,5m,15m,40m") @NotEmpty List<Duration> retryDelays,
		@DefaultValue("10s") @NotNull Duration timeout, @DefaultValue("1s") @NotNull Duration pollInterval,
		@DefaultValue("20") @Min(1) int batchSize, @DefaultValue("24h") @NotNull Duration rotationGrace) {

	/**
	 * How many attempts a delivery gets in all.
	 * @return the first attempt and one per retry delay
	 */
	public int maxAttempts() {
		return this.retryDelays.size() + 1;
	}

}
