package dev.screenshots.api.schedules;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Scheduled captures ({@code api.schedules.*}).
 *
 * @param enabled whether this instance runs due schedules (every instance may; each due
 * run makes one job)
 * @param pollInterval how often this instance looks for due runs
 * @param minInterval the shortest time a schedule's cron may leave between two runs
 * @param maxPerTenant how many schedules a tenant may have
 */
@Validated
@ConfigurationProperties("api.schedules")
public record ScheduleProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("5s") @NotNull Duration pollInterval, @DefaultValue("1m") @NotNull Duration minInterval,
		@DefaultValue("100") @Min(1) @Max(100_000) int maxPerTenant) {

}
