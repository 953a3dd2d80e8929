package dev.screenshots.api.system;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on what clients may send ({@code api.limits.*}), on top of the fixed bounds of
 * each option. Every limit is named in the answer when a request exceeds it.
 *
 * @param maxRequestBody the largest request body accepted; larger ones get 413
 * @param maxViewportPixels the largest viewport in device pixels: width × height ×
 * deviceScaleFactor²
 * @param maxTimeout the longest {@code timeoutMs} a request may ask for
 * @param maxFullPageHeight the tallest full page ({@code maxHeight}) a request may ask
 * for
 */
@Validated
@ConfigurationProperties("api.limits")
public record ApiLimitsProperties(@DefaultValue("1MB") @NotNull DataSize maxRequestBody,
		@DefaultValue("16777216") @Min(256) @Max(132_710_400) long maxViewportPixels,
		@DefaultValue("120s") @NotNull Duration maxTimeout,
		@DefaultValue("16384") @Min(16) @Max(32_768) int maxFullPageHeight) {

}
