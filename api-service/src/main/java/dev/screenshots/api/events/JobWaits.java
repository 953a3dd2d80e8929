package dev.screenshots.api.events;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.stereotype.Component;

import dev.screenshots.api.jobs.ScreenshotJobs;
import dev.screenshots.model.job.JobStatus;

/**
 * Waits for a job to reach a terminal status, for {@code Prefer: wait}: woken by the
 * job's transitions ({@link JobStepNotifications}), and re-reading the job every second
 * in case a notification was lost.
 */
@Component
public class JobWaits {

	private static final Duration RECHECK = Duration.ofSeconds(1);

	private final JobStepNotifications notifications;

	private final ScreenshotJobs jobs;

	private final Executor executor;

	JobWaits(JobStepNotifications notifications, ScreenshotJobs jobs, EventExecutor executor) {
		this.notifications = notifications;
		this.jobs = jobs;
		this.executor = executor.executor();
	}

	/**
	 * Waits until the job completed, failed or was cancelled.
	 * @param jobId the job
	 * @param timeout how long at most
	 * @return whether it did within {@code timeout}
	 */
	@SuppressWarnings("try") // the watch is held for the notifications it delivers
	public boolean awaitTerminal(UUID jobId, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		CompletableFuture<Void> finished = new CompletableFuture<>();
		Runnable check = () -> {
			if (isTerminal(jobId)) {
				finished.complete(null);
			}
		};
		try (AutoCloseable watch = this.notifications.watch(jobId, () -> this.executor.execute(check))) {
			check.run(); // after watching: a transition in between is not missed
			while (!finished.isDone()) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				try {
					finished.get(Math.min(left, RECHECK.toNanos()), TimeUnit.NANOSECONDS);
				}
				catch (TimeoutException ex) {
					check.run();
				}
			}
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
		catch (Exception ex) { // closing the watch declares Exception
			throw new IllegalStateException(ex);
		}
	}

	private boolean isTerminal(UUID jobId) {
		return this.jobs.status(jobId).map(JobStatus::isTerminal).orElse(true);
	}

}
