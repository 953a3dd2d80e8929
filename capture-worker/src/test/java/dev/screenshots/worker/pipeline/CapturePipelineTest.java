package dev.screenshots.worker.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

import dev.screenshots.model.capture.CaptureOptions;
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
			CaptureOptions.defaults(), 1, Instant.now(), "worker-1", "normal");

	@Test
	void recordsEachTransitionBeforeItsStepRunsAndCompletesWithTheStoredImage() {
		CapturePipeline pipeline = pipeline(steps(null));

		assertThat(pipeline.run(this.job, null)).isEqualTo(JobStatus.COMPLETED);

		assertThat(this.ran).containsExactly(VALIDATING, CREATING_SANDBOX, SYNCING_FILES, CAPTURING, STORING);
		InOrder order = inOrder(this.store);
		order.verify(this.store).advance(this.job, PROCESSING, VALIDATING);
		order.verify(this.store).advance(this.job, VALIDATING, CREATING_SANDBOX);
		order.verify(this.store).advance(this.job, CREATING_SANDBOX, SYNCING_FILES);
		order.verify(this.store).advance(this.job, SYNCING_FILES, CAPTURING);
		order.verify(this.store).advance(this.job, CAPTURING, STORING);
		order.verify(this.store).complete(eq(this.job), eq(STORING), any(StoredImage.class), any(), any());
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
		verify(this.store, never()).complete(any(), any(), any(), any(), any());
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
			.advance(this.job, CREATING_SANDBOX, SYNCING_FILES);
		CapturePipeline pipeline = pipeline(steps(null));

		assertThatThrownBy(() -> pipeline.run(this.job, null)).isInstanceOf(JobLostException.class);

		assertThat(this.ran).containsExactly(VALIDATING, CREATING_SANDBOX);
		verify(this.store, never()).deadLetter(any(), any(), any(), any());
		verify(this.store, never()).scheduleRetry(any(), any(), any(), any());
		verify(this.store, never()).complete(any(), any(), any(), any(), any());
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
		return new CapturePipeline(steps, this.store, this.retries, this.inFlight, new PipelineMetrics(this.meters));
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
