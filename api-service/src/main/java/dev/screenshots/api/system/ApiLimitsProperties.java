package dev.screenshots.api.system;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on what clients may send ({@code api.limits.*}).
 *
 * @param maxRequestBody the largest request body accepted; larger ones get 413
 */
@Validated
@ConfigurationProperties("api.limits")
public record ApiLimitsProperties(@DefaultValue("1MB") @NotNull DataSize maxRequestBody) {

}
