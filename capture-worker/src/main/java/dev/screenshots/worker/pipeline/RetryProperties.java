package dev.screenshots.worker.pipeline;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Retries of failed jobs ({@code capture.retry.*}).
 *
 * @param maxAttempts attempts in total, the first included; 1 disables retries
 * @param delays the wait before the 2nd, 3rd, … attempt; the last delay repeats. Each
 * delay is a RabbitMQ queue with that TTL.
 */
@Validated
@ConfigurationProperties("capture.retry")
public record RetryProperties(@DefaultValue("3") @Min(1) @Max(20) int maxAttempts, @DefaultValue( {
		"2s", "10s" }) @NotEmpty List<Duration> delays){

	public RetryProperties {
		for (Duration delay : delays) {
			if (delay.toMillis() < 1 || delay.toMillis() > Integer.MAX_VALUE) {
				throw new IllegalArgumentException(
						"capture.retry.delays must be between 1 ms and 24 days, got " + delay);
			}
		}
	}

}
