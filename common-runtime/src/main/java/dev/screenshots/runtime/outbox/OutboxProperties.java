package dev.screenshots.runtime.outbox;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The outbox relay, in both services ({@code outbox.*}).
 *
 * @param batchSize messages published per round, confirmed together
 * @param pollInterval how often the relay looks for messages when no commit woke it
 * (messages of other instances, delayed ones, or those left over after a broker outage)
 * @param confirmTimeout how long to wait for the broker's publisher confirms
 * @param maxBackoff the longest pause between rounds while the broker is unreachable
 * @param retention how long sent messages are kept before they are purged
 */
@Validated
@ConfigurationProperties("outbox")
public record OutboxProperties(@DefaultValue("200") @Min(1) @Max(5000) int batchSize,
		@DefaultValue("1s") @NotNull Duration pollInterval, @DefaultValue("5s") @NotNull Duration confirmTimeout,
		@DefaultValue("5s") @NotNull Duration maxBackoff, @DefaultValue("24h") @NotNull Duration retention) {

}
