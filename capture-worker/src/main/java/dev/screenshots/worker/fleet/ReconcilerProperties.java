package dev.screenshots.worker.fleet;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The queue reconciler ({@code capture.reconciler.*}), which publishes again the pending
 * jobs whose message the broker lost.
 *
 * @param enabled whether this worker takes part (one worker at a time does the work)
 * @param interval how often it looks
 * @param minAge a pending job's message is presumed lost only once it has waited this
 * long, whatever the queue
 * @param waitFactor and only once it has waited this many times the queue's expected wait
 * (ready messages divided by the jobs finished per second over the last five minutes)
 */
@Validated
@ConfigurationProperties("capture.reconciler")
public record ReconcilerProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("1m") @NotNull Duration interval, @DefaultValue("5m") @NotNull Duration minAge,
		@DefaultValue("3") @DecimalMin("1") double waitFactor) {

}
