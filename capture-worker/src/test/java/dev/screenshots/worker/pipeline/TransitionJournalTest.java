package dev.screenshots.worker.pipeline;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import dev.screenshots.model.capture.ResolvedOptions;
import dev.screenshots.model.job.JobStatus;

import static dev.screenshots.model.job.JobStatus.CAPTURING;
import static dev.screenshots.model.job.JobStatus.CREATING_SANDBOX;
import static dev.screenshots.model.job.JobStatus.PROCESSING;
import static dev.screenshots.model.job.JobStatus.SYNCING_FILES;
import static dev.screenshots.model.job.JobStatus.VALIDATING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * The journal writes transitions in order, one write at a time, and those that queued up
 * behind a write in one transaction.
 */
class TransitionJournalTest {

	private final JobStateStore store = mock(JobStateStore.class);

	private final InFlightJobs inFlight = new InFlightJobs();

	/** Runs the journal's writes when the test says so. */
	private final Queue<Runnable> writes = new ArrayDeque<>();

	private final Executor executor = this.writes::add;

	private final ClaimedJob job = new ClaimedJob(UUID.randomUUID(), "http://127.0.0.1/", null,
			ResolvedOptions.defaults(), 1, Instant.now(), "worker-1", "normal");

	private final TransitionJournal journal = new TransitionJournal(this.job, this.store, this.inFlight, this.executor);

	@BeforeEach
	void togetherRunsTheWrites() {
		doAnswer((invocation) -> {
			invocation.<Runnable>getArgument(0).run();
			return null;
		}).when(this.store).together(any());
		this.inFlight.started(this.job);
	}

	@Test
	void transitionsRecordedWhileAWriteIsUnderWayAreWrittenTogetherInOrder() {
		this.journal.record(PROCESSING, VALIDATING);
		this.journal.record(VALIDATING, CREATING_SANDBOX);
		this.journal.record(CREATING_SANDBOX, SYNCING_FILES);
		runWrites();
		this.journal.record(SYNCING_FILES, CAPTURING);
		runWrites();
		this.journal.await();

		InOrder order = inOrder(this.store);
		order.verify(this.store).together(any());
		order.verify(this.store).advance(eq(this.job), eq(PROCESSING), eq(VALIDATING), any(Instant.class));
		order.verify(this.store).advance(eq(this.job), eq(VALIDATING), eq(CREATING_SANDBOX), any(Instant.class));
		order.verify(this.store).advance(eq(this.job), eq(CREATING_SANDBOX), eq(SYNCING_FILES), any(Instant.class));
		order.verify(this.store).advance(eq(this.job), eq(SYNCING_FILES), eq(CAPTURING), any(Instant.class));
		verify(this.store, times(1)).together(any());
		assertThat(this.inFlight.snapshot()).singleElement()
			.satisfies((entry) -> assertThat(entry.status()).isEqualTo(CAPTURING));
	}

	@Test
	void aFailedWriteStopsTheWritesAfterItAndIsThrownAtTheNextCheck() {
		JobLostException lost = new JobLostException(this.job.id(), VALIDATING);
		doThrow(lost).when(this.store).advance(eq(this.job), eq(VALIDATING), eq(CREATING_SANDBOX), any());
		this.journal.record(PROCESSING, VALIDATING);
		this.journal.record(VALIDATING, CREATING_SANDBOX);
		runWrites();
		this.journal.record(CREATING_SANDBOX, SYNCING_FILES);
		runWrites();

		assertThatThrownBy(this.journal::check).isSameAs(lost);
		verify(this.store, never()).advance(any(), eq(CREATING_SANDBOX), eq(SYNCING_FILES), any());
		assertThat(this.inFlight.snapshot()).singleElement()
			.satisfies((entry) -> assertThat(entry.status()).as("the status the database holds")
				.isEqualTo(JobStatus.PROCESSING));
	}

	private void runWrites() {
		Runnable write;
		while ((write = this.writes.poll()) != null) {
			write.run();
		}
	}

}
