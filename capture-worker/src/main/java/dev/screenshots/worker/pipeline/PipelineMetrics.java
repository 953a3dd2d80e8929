package dev.screenshots.worker.pipeline;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

import dev.screenshots.model.capture.SourceType;
import dev.screenshots.model.job.ErrorCode;
import dev.screenshots.model.job.JobStatus;

/**
 * What the pipeline reports to Prometheus: outcomes by source, priority and error code,
 * end-to-end latency, attempts per completed job and the time spent in each step. The
 * histograms have fixed buckets, so percentiles can be aggregated across workers.
 */
@Component
public class PipelineMetrics {

	private static final Duration[] LATENCY_BUCKETS = seconds(0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 7.5, 10, 15, 20, 30, 45,
			60, 120, 300);

	private static final Duration[] STEP_BUCKETS = seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30,
			60);

	private final MeterRegistry registry;

	public PipelineMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * A step finished, successfully or not.
	 * @param step the step's status
	 * @param duration how long it ran
	 */
	void stepFinished(JobStatus step, Duration duration) {
		Timer.builder("screenshots.step.duration")
			.description("Time spent in each pipeline step")
			.tag("step", step.value())
			.serviceLevelObjectives(STEP_BUCKETS)
			.register(this.registry)
			.record(duration);
	}

	/**
	 * A job completed.
	 * @param job the job
	 * @param at when
	 */
	void completed(ClaimedJob job, Instant at) {
		Counter.builder("screenshots.jobs.completed")
			.description("Jobs completed")
			.tag("source", job.sourceType().value())
			.tag("priority", job.priority())
			.register(this.registry)
			.increment();
		Timer.builder("screenshots.jobs.latency")
			.description("End-to-end latency of completed jobs, from submit to completed")
			.tag("source", job.sourceType().value())
			.serviceLevelObjectives(LATENCY_BUCKETS)
			.register(this.registry)
			.record(Duration.between(job.createdAt(), at));
		DistributionSummary.builder("screenshots.jobs.attempts")
			.description("Attempts a completed job took")
			.serviceLevelObjectives(1, 2, 3, 4, 5, 10)
			.register(this.registry)
			.record(job.attempt());
	}

	/**
	 * An attempt failed.
	 * @param job the job
	 * @param code why
	 * @param retried whether a retry was scheduled; otherwise the job ended failed
	 */
	void attemptFailed(ClaimedJob job, ErrorCode code, boolean retried) {
		Counter.builder("screenshots.attempts.failed")
			.description("Failed attempts, by whether a retry was scheduled")
			.tag("code", code.name())
			.tag("outcome", retried ? "retried" : "failed")
			.register(this.registry)
			.increment();
		if (!retried) {
			jobFailed(job.sourceType(), job.priority(), code);
		}
	}

	/**
	 * A job ended failed.
	 * @param source what the job captured
	 * @param priority its priority
	 * @param code why
	 */
	public void jobFailed(SourceType source, String priority, ErrorCode code) {
		Counter.builder("screenshots.jobs.failed")
			.description("Jobs that ended failed")
			.tag("code", code.name())
			.tag("source", source.value())
			.tag("priority", priority)
			.register(this.registry)
			.increment();
	}

	private static Duration[] seconds(double... values) {
		Duration[] durations = new Duration[values.length];
		for (int i = 0; i < values.length; i++) {
			durations[i] = Duration.ofNanos(Math.round(values[i] * 1_000_000_000L));
		}
		return durations;
	}

}
