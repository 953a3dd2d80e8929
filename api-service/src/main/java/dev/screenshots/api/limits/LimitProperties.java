package dev.screenshots.api.limits;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Default submit limits per API key ({@code api.rate-limits.*}); a key may carry its own.
 *
 * @param submitsPerMinute the sustained submit rate
 * @param burst how many submits may come at once on top of the sustained rate
 * @param maxInFlight how many of a key's jobs may be unfinished (pending or running) at
 * once
 */
@Validated
@ConfigurationProperties("api.rate-limits")
public record LimitProperties(@DefaultValue("600") @Min(1) @Max(1_000_000) int submitsPerMinute,
		@DefaultValue("60") @Min(1) @Max(1_000_000) int burst,
		@DefaultValue("1000") @Min(1) @Max(10_000_000) int maxInFlight) {

}
