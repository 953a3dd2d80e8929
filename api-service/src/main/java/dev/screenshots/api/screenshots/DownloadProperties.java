package dev.screenshots.api.screenshots;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Download URLs of images ({@code api.downloads.*}).
 *
 * @param urlTtl how long a presigned download URL stays valid
 */
@Validated
@ConfigurationProperties("api.downloads")
public record DownloadProperties(@DefaultValue("15m") @NotNull Duration urlTtl) {

}
