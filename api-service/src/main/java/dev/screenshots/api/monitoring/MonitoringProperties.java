package dev.screenshots.api.monitoring;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the API's gauges watch ({@code api.monitoring.*}).
 *
 * @param retryDelays the workers' retry delays ({@code capture.retry.delays}), which name
 * the retry queues whose depth is reported
 * @param workerTimeout a worker whose last heartbeat is older than this counts as offline
 * (match {@code capture.worker.lease})
 * @param cacheFor how long one reading of the broker and the database serves scrapes
 */
@Validated
@ConfigurationProperties("api.monitoring")
public record MonitoringProperties(@DefaultValue("2s,10s") @NotEmpty List<Duration> retryDelays,
		@DefaultValue("30s") @NotNull Duration workerTimeout, @DefaultValue("5s") @NotNull Duration cacheFor) {

}
