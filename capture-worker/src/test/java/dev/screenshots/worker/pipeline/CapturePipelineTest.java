package dev.screenshots.worker.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

import dev.screenshots.model.capture.ResolvedOptions;
import dev.screenshots.model.job.ErrorCode;
import dev.screenshots.model.job.JobStatus;
import dev.screenshots.worker.CaptureFailure;

import static dev.screenshots.model.job.JobStatus.CAPTURING;
import static dev.screenshots.model.job.JobStatus.CREATING_SANDBOX;
import static dev.screenshots.model.job.JobStatus.PROCESSING;
import static dev.screenshots.model.job.JobStatus.STORING;
import static dev.screenshots.model.job.JobStatus.SYNCING_FILES;
import static dev.screenshots.model.job.JobStatus.VALIDATING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

class CapturePipelineTest {

	private final JobStateStore store = mock(JobStateStore.class);

	private final RetryPolicy retries = new RetryPolicy(new RetryProperties(3, List.of(Duration.ofSeconds(2))));

	private final InFlightJobs inFlight = new InFlightJobs();

	private final List<JobStatus> ran = new ArrayList<>();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ClaimedJob job = new ClaimedJob(UUID.randomUUID(), "http://127.0.0.1/", null,
			ResolvedOptions.defaults(), 1, Instant.now(), "worker-1", "normal");

	@Test
	void recordsEachTransitionBeforeItsStepRunsAndCompletesWithTheStoredImage() {
		CapturePipeline pipeline = pipeline(steps(null));

		assertThat(pipeline.run(this.job, null)).isEqualTo(JobStatus.COMPLETED);

		assertThat(this.ran).containsExactly(VALIDATING, CREATING_SANDBOX, SYNCING_FILES, CAPTURING, STORING);
		InOrder order = inOrder(this.store);
		order.verify(this.store).advance(eq(this.job), eq(PROCESSING), eq(VALIDATING), any(Instant.class));
		order.verify(this.store).advance(eq(this.job), eq(VALIDATING), eq(CREATING_SANDBOX), any(Instant.class));
		order.verify(this.store).advance(eq(this.job), eq(CREATING_SANDBOX), eq(SYNCING_FILES), any(Instant.class));
		order.verify(this.store).advance(eq(this.job), eq(SYNCING_FILES), eq(CAPTURING), any(Instant.class));
		order.verify(this.store).advance(eq(this.job), eq(CAPTURING), eq(STORING), any(Instant.class));
		order.verify(this.store)
			.complete(eq(this.job), eq(STORING), any(StoredImage.class), any(), any(), any(), any(), any());
		verify(this.store, never()).deadLetter(any(), any(), any(), any());
		assertThat(this.meters.get("screenshots.jobs.completed").tag("source", "url").counter().count()).isOne();
		assertThat(this.meters.get("screenshots.jobs.latency").timer().count()).isOne();
		assertThat(this.meters.get("screenshots.step.duration").timers())
			.extracting((timer) -> timer.getId().getTag("step"))
			.containsExactlyInAnyOrder("validating", "creating_sandbox", "syncing_files", "capturing", "storing");
	}

	@Test
	void aFailingStepFailsTheJobInThatStepAndRunsNothingAfterIt() {
		CapturePipeline pipeline = pipeline(
				steps(new CaptureFailure(ErrorCode.URL_NOT_ALLOWED, "denied"), SYNCING_FILES));

		assertThat(pipeline.run(this.job, null)).isEqualTo(JobStatus.FAILED);

		assertThat(this.ran).containsExactly(VALIDATING, CREATING_SANDBOX, SYNCING_FILES);
		ArgumentCaptor<CaptureFailure> failure = ArgumentCaptor.forClass(CaptureFailure.class);
		verify(this.store).deadLetter(eq(this.job.id()), eq("worker-1"), eq(SYNCING_FILES), failure.capture());
		assertThat(failure.getValue().code()).isEqualTo(ErrorCode.URL_NOT_ALLOWED);
		verify(this.store, never()).complete(any(), any(), any(), any(), any(), any(), any(), any());
		verify(this.store, never()).scheduleRetry(any(), any(), any(), any());
		assertThat(this.meters.get("screenshots.jobs.failed").tag("code", "URL_NOT_ALLOWED").counter().count()).isOne();
		assertThat(this.meters.find("screenshots.jobs.completed").counter()).isNull();
	}

	@Test
	void aRetryableFailureWithAttemptsLeftSchedulesARetryInsteadOfFailing() {
		CapturePipeline pipeline = pipeline(
				steps(new CaptureFailure(ErrorCode.NAVIGATION_TIMEOUT, "too slow"), SYNCING_FILES));

		assertThat(pipeline.run(this.job, null)).isEqualTo(JobStatus.PENDING);

		verify(this.store).scheduleRetry(eq(this.job), eq(SYNCING_FILES), any(CaptureFailure.class),
				eq(Duration.ofSeconds(2)));
		verify(this.store, never()).deadLetter(any(), any(), any(), any());
		assertThat(this.meters.get("screenshots.attempts.failed").tag("outcome", "retried").counter().count()).isOne();
		assertThat(this.meters.find("screenshots.jobs.failed").counter()).isNull();
	}

	@Test
	void aRetryableFailureOnTheLastAttemptIsDeadLettered() {
		ClaimedJob lastAttempt = new ClaimedJob(this.job.id(), this.job.url(), null, this.job.options(), 3,
				this.job.createdAt(), "worker-1", "normal");
		CapturePipeline pipeline = pipeline(steps(new CaptureFailure(ErrorCode.STORAGE_FAILED, "store down"), STORING));

		assertThat(pipeline.run(lastAttempt, null)).isEqualTo(JobStatus.FAILED);

		verify(this.store).deadLetter(eq(lastAttempt.id()), eq("worker-1"), eq(STORING), any(CaptureFailure.class));
		verify(this.store, never()).scheduleRetry(any(), any(), any(), any());
	}

	@Test
	void anUnexpectedExceptionIsRetriedAsAnInternalErrorWithASafeMessage() {
		CapturePipeline pipeline = pipeline(steps(new IllegalStateException("secret internals"), CAPTURING));

		assertThat(pipeline.run(this.job, null)).isEqualTo(JobStatus.PENDING);

		ArgumentCaptor<CaptureFailure> failure = ArgumentCaptor.forClass(CaptureFailure.class);
		verify(this.store).scheduleRetry(eq(this.job), eq(CAPTURING), failure.capture(), any());
		assertThat(failure.getValue().code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
		assertThat(failure.getValue().getMessage()).doesNotContain("secret");
	}

	@Test
	void aJobTakenOverByAnotherPartyStopsWithoutFurtherWrites() {
		doThrow(new JobLostException(this.job.id(), CREATING_SANDBOX)).when(this.store)
			.advance(eq(this.job), eq(CREATING_SANDBOX), eq(SYNCING_FILES), any(Instant.class));
		CapturePipeline pipeline = pipeline(steps(null));

		assertThatThrownBy(() -> pipeline.run(this.job, null)).isInstanceOf(JobLostException.class);

		// the write is not waited for: the failure stops the job before its next step
		assertThat(this.ran).containsExactly(VALIDATING, CREATING_SANDBOX, SYNCING_FILES);
		verify(this.store, never()).advance(any(), eq(SYNCING_FILES), eq(CAPTURING), any());
		verify(this.store, never()).deadLetter(any(), any(), any(), any());
		verify(this.store, never()).scheduleRetry(any(), any(), any(), any());
		verify(this.store, never()).complete(any(), any(), any(), any(), any(), any(), any(), any());
	}

	@Test
	void theBrowserStepsDoNotWaitForTransitionWritesAndTheRestWaitsForAllOfThem() {
		doAnswer((invocation) -> {
			invocation.<Runnable>getArgument(0).run();
			return null;
		}).when(this.store).together(any());
		List<Runnable> queuedWrites = new CopyOnWriteArrayList<>();
		CapturePipeline pipeline = new CapturePipeline(steps(null), this.store, this.retries, this.inFlight,
				new PipelineMetrics(this.meters), queuedWrites::add);

		CapturePipeline.Progress progress = pipeline.runInBrowser(this.job, null);

		assertThat(this.ran).containsExactly(VALIDATING, CREATING_SANDBOX, SYNCING_FILES, CAPTURING);
		verify(this.store, never()).advance(any(), any(), any(), any());
		assertThat(queuedWrites).as("later writes queue behind the first").hasSize(1);
		Thread finishing = Thread.ofPlatform().start(() -> pipeline.finish(progress));
		assertThat(this.ran).as("nothing is stored before the transitions are written").doesNotContain(STORING);
		// the first write takes the four transitions that queued up, in one transaction
		queuedWrites.get(0).run();
		waitUntil(() -> queuedWrites.size() > 1);
		queuedWrites.get(1).run();
		join(finishing);
		verify(this.store).together(any());
		ArgumentCaptor<Instant> times = ArgumentCaptor.forClass(Instant.class);

		assertThat(this.ran).endsWith(STORING);
		InOrder order = inOrder(this.store);
		order.verify(this.store).advance(eq(this.job), eq(PROCESSING), eq(VALIDATING), times.capture());
		order.verify(this.store).advance(eq(this.job), eq(VALIDATING), eq(CREATING_SANDBOX), times.capture());
		order.verify(this.store).advance(eq(this.job), eq(CREATING_SANDBOX), eq(SYNCING_FILES), times.capture());
		order.verify(this.store).advance(eq(this.job), eq(SYNCING_FILES), eq(CAPTURING), times.capture());
		order.verify(this.store).advance(eq(this.job), eq(CAPTURING), eq(STORING), times.capture());
		order.verify(this.store)
			.complete(eq(this.job), eq(STORING), any(StoredImage.class), any(), any(), any(), any(), any());
		assertThat(times.getAllValues()).as("each transition keeps the time it happened").isSorted();
	}

	private static void waitUntil(BooleanSupplier condition) {
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
			Thread.onSpinWait();
		}
	}

	private static void join(Thread thread) {
		try {
			thread.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		assertThat(thread.isAlive()).isFalse();
	}

	@Test
	void stepsOutOfStateMachineOrderAreRefusedAtStartUp() {
		List<PipelineStep> steps = new ArrayList<>(steps(null));
		steps.add(0, steps.remove(2));
		assertThatIllegalStateException().isThrownBy(() -> pipeline(steps))
			.withMessageContaining("enters syncing_files")
			.withMessageContaining("from processing to validating");
	}

	@Test
	void aPipelineMissingItsLastStepIsRefusedAtStartUp() {
		List<PipelineStep> steps = new ArrayList<>(steps(null));
		steps.remove(steps.size() - 1);
		assertThatIllegalStateException().isThrownBy(() -> pipeline(steps)).withMessageContaining("ends in capturing");
	}

	private CapturePipeline pipeline(List<PipelineStep> steps) {
		return new CapturePipeline(steps, this.store, this.retries, this.inFlight, new PipelineMetrics(this.meters),
				Runnable::run);
	}

	private List<PipelineStep> steps(RuntimeException failure, JobStatus failingStatus) {
		List<PipelineStep> steps = new ArrayList<>();
		for (JobStatus status : List.of(VALIDATING, CREATING_SANDBOX, SYNCING_FILES, CAPTURING, STORING)) {
			steps.add(new RecordingStep(status, (status == failingStatus) ? failure : null));
		}
		return steps;
	}

	private List<PipelineStep> steps(RuntimeException none) {
		return steps(none, null);
	}

	private final class RecordingStep implements PipelineStep {

		private final JobStatus status;

		private final RuntimeException failure;

		RecordingStep(JobStatus status, RuntimeException failure) {
			this.status = status;
			this.failure = failure;
		}

		@Override
		public JobStatus status() {
			return this.status;
		}

		@Override
		public boolean needsBrowser() {
			return this.status != STORING;
		}

		@Override
		public void run(JobContext context) {
			CapturePipelineTest.this.ran.add(this.status);
			if (this.failure != null) {
				throw this.failure;
			}
			if (this.status == STORING) {
				context.stored(new StoredImage("bucket", "key", "image/png", 1, 1, 1, "00"));
			}
		}

	}

}
