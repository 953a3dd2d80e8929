package dev.screenshots.api.screenshots;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Idempotent submits ({@code api.idempotency.*}).
 *
 * @param ttl how long an {@code Idempotency-Key} is remembered (at least 24 hours is
 * promised to clients)
 */
@Validated
@ConfigurationProperties("api.idempotency")
public record IdempotencyProperties(@DefaultValue("24h") @NotNull Duration ttl) {

}
