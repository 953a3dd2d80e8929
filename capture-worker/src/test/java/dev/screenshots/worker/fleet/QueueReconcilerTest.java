package dev.screenshots.worker.fleet;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a pending job's message is presumed lost: never before {@code min-age}, and not
 * before the queue's backlog could have been worked off {@code wait-factor} times.
 */
class QueueReconcilerTest {

	final QueueReconciler reconciler = new QueueReconciler(null, null, null,
			new ReconcilerProperties(true, Duration.ofMinutes(1), Duration.ofMinutes(5), 3), new SimpleMeterRegistry());

	@Test
	void anEmptyQueueWaitsOnlyTheMinimumAge() {
		assertThat(this.reconciler.threshold(0, 0)).isEqualTo(Duration.ofMinutes(5));
		assertThat(this.reconciler.threshold(0, 12.5)).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void aBacklogIsWaitedOutThreeTimesItsExpectedWait() {
		// 6,000 ready at 2 jobs/s: 50 minutes of work, 150 minutes before a job is
		// presumed lost
		assertThat(this.reconciler.threshold(6_000, 2)).isEqualTo(Duration.ofMinutes(150));
		// a short backlog keeps the minimum
		assertThat(this.reconciler.threshold(10, 2)).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void aQueueWithMessagesThatNobodyTakesProvesNothing() {
		assertThat(this.reconciler.threshold(40, 0)).isNull();
	}

}
