package dev.screenshots.worker.fleet;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Retention of images and jobs ({@code capture.retention.*}).
 *
 * @param enabled whether old images are deleted at all
 * @param ttl how long after a job finished its image is kept; the job row is then marked
 * expired
 * @param sweepInterval how often the sweep runs
 * @param batchSize jobs handled per transaction
 */
@Validated
@ConfigurationProperties("capture.retention")
public record RetentionProperties(@DefaultValue("true") boolean enabled, @DefaultValue("30d") @NotNull Duration ttl,
		@DefaultValue("1h") @NotNull Duration sweepInterval, @DefaultValue("500") @Min(1) @Max(1000) int batchSize) {

}
