package dev.screenshots.api.render;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Signed render links ({@code api.render.*}).
 *
 * @param maxWait how long a render link waits for its capture before answering
 * {@code 202}
 * @param retryAfter the {@code Retry-After} of that {@code 202}
 * @param failedCacheTtl how long a failed capture is answered for before an identical
 * link captures again (so that a broken link on a busy page does not capture on every
 * view); {@code 0s} to capture again at once
 * @param rotationGrace how long a rotated-out render secret still verifies links
 * @param maxLinkLifetime how far ahead a link's {@code expires} may lie, unless the
 * tenant allows links that never expire
 */
@Validated
@ConfigurationProperties("api.render")
public record RenderProperties(@DefaultValue("30s") @NotNull Duration maxWait,
		@DefaultValue("5s") @NotNull Duration retryAfter, @DefaultValue("1m") @NotNull Duration failedCacheTtl,
		@DefaultValue("24h") @NotNull Duration rotationGrace, @DefaultValue("90d") @NotNull Duration maxLinkLifetime) {

}
