package dev.screenshots.worker.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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

	private final List<JobStatus> ran = new ArrayList<>();

	private final ClaimedJob job = new ClaimedJob(UUID.randomUUID(), "http://127.0.0.1/", CaptureOptions.defaults(), 1,
			Instant.now(), "worker-1");

	@Test
	void recordsEachTransitionBeforeItsStepRunsAndCompletesWithTheStoredImage() {
		CapturePipeline pipeline = new CapturePipeline(steps(null), this.store);

		assertThat(pipeline.run(this.job, null)).isEqualTo(JobStatus.COMPLETED);

		assertThat(this.ran).containsExactly(VALIDATING, CREATING_SANDBOX, SYNCING_FILES, CAPTURING, STORING);
		InOrder order = inOrder(this.store);
		order.verify(this.store).advance(this.job, PROCESSING, VALIDATING);
		order.verify(this.store).advance(this.job, VALIDATING, CREATING_SANDBOX);
		order.verify(this.store).advance(this.job, CREATING_SANDBOX, SYNCING_FILES);
		order.verify(this.store).advance(this.job, SYNCING_FILES, CAPTURING);
		order.verify(this.store).advance(this.job, CAPTURING, STORING);
		order.verify(this.store).complete(eq(this.job), eq(STORING), any(StoredImage.class));
		verify(this.store, never()).fail(any(), any(), any());
	}

	@Test
	void aFailingStepFailsTheJobInThatStepAndRunsNothingAfterIt() {
		CapturePipeline pipeline = new CapturePipeline(
				steps(new CaptureFailure(ErrorCode.NAVIGATION_TIMEOUT, "too slow"), SYNCING_FILES), this.store);

		assertThat(pipeline.run(this.job, null)).isEqualTo(JobStatus.FAILED);

		assertThat(this.ran).containsExactly(VALIDATING, CREATING_SANDBOX, SYNCING_FILES);
		ArgumentCaptor<CaptureFailure> failure = ArgumentCaptor.forClass(CaptureFailure.class);
		verify(this.store).fail(eq(this.job), eq(SYNCING_FILES), failure.capture());
		assertThat(failure.getValue().code()).isEqualTo(ErrorCode.NAVIGATION_TIMEOUT);
		verify(this.store, never()).complete(any(), any(), any());
	}

	@Test
	void anUnexpectedExceptionFailsTheJobAsAnInternalErrorWithASafeMessage() {
		CapturePipeline pipeline = new CapturePipeline(steps(new IllegalStateException("secret internals"), CAPTURING),
				this.store);

		assertThat(pipeline.run(this.job, null)).isEqualTo(JobStatus.FAILED);

		ArgumentCaptor<CaptureFailure> failure = ArgumentCaptor.forClass(CaptureFailure.class);
		verify(this.store).fail(eq(this.job), eq(CAPTURING), failure.capture());
		assertThat(failure.getValue().code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
		assertThat(failure.getValue().getMessage()).doesNotContain("secret");
	}

	@Test
	void aJobTakenOverByAnotherPartyStopsWithoutFurtherWrites() {
		doThrow(new JobLostException(this.job.id(), CREATING_SANDBOX)).when(this.store)
			.advance(this.job, CREATING_SANDBOX, SYNCING_FILES);
		CapturePipeline pipeline = new CapturePipeline(steps(null), this.store);

		assertThatThrownBy(() -> pipeline.run(this.job, null)).isInstanceOf(JobLostException.class);

		assertThat(this.ran).containsExactly(VALIDATING, CREATING_SANDBOX);
		verify(this.store, never()).fail(any(), any(), any());
		verify(this.store, never()).complete(any(), any(), any());
	}

	@Test
	void stepsOutOfStateMachineOrderAreRefusedAtStartUp() {
		List<PipelineStep> steps = new ArrayList<>(steps(null));
		steps.add(0, steps.remove(2));
		assertThatIllegalStateException().isThrownBy(() -> new CapturePipeline(steps, this.store))
			.withMessageContaining("enters syncing_files")
			.withMessageContaining("from processing to validating");
	}

	@Test
	void aPipelineMissingItsLastStepIsRefusedAtStartUp() {
		List<PipelineStep> steps = new ArrayList<>(steps(null));
		steps.remove(steps.size() - 1);
		assertThatIllegalStateException().isThrownBy(() -> new CapturePipeline(steps, this.store))
			.withMessageContaining("ends in capturing");
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
