package dev.screenshots.api.system;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import dev.screenshots.model.capture.CaptureOptions;

/**
 * Limits on what clients may send ({@code api.limits.*}), on top of the fixed bounds of
 * each option. Every limit is named in the answer when a request exceeds it.
 *
 * @param maxRequestBody the largest JSON request body; larger ones get 413
 * @param maxViewportPixels the largest viewport in device pixels: width × height ×
 * deviceScaleFactor²
 * @param maxTimeout the longest {@code timeoutMs} a request may ask for
 * @param maxFullPageHeight the tallest full page ({@code maxHeight}) a request may ask
 * for
 * @param maxHtml the largest inline {@code html} document
 * @param maxBundleSize the largest uploaded bundle, uncompressed
 * @param maxBundleFiles the most files a bundle may hold
 * @param maxZipRatio the highest uncompressed-to-compressed size ratio of a zip (zip
 * bombs)
 * @param maxActions the most {@code actions} a request may list
 * @param maxHeaderBytes the largest total of {@code extraHeaders} names and values
 * @param maxCookieBytes the largest total of {@code cookies} names and values
 */
@Validated
@ConfigurationProperties("api.limits")
public record ApiLimitsProperties(@DefaultValue("3MB") @NotNull DataSize maxRequestBody,
		@DefaultValue("16777216") @Min(256) @Max(132_710_400) long maxViewportPixels,
		@DefaultValue("120s") @NotNull Duration maxTimeout,
		@DefaultValue("16384") @Min(16) @Max(32_768) int maxFullPageHeight,
		@DefaultValue("2MB") @NotNull DataSize maxHtml, @DefaultValue("20MB") @NotNull DataSize maxBundleSize,
		@DefaultValue("500") @Min(1) @Max(100_000) int maxBundleFiles,
		@DefaultValue("100") @Min(1) @Max(10_000) int maxZipRatio,
		@DefaultValue("50") @Min(0) @Max(CaptureOptions.MAX_ACTIONS) int maxActions,
		@DefaultValue("16KB") @NotNull DataSize maxHeaderBytes,
		@DefaultValue("16KB") @NotNull DataSize maxCookieBytes) {

}
