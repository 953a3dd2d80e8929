package dev.screenshots.model.job;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.screenshots.model.job.JobStatus.CANCELLED;
import static dev.screenshots.model.job.JobStatus.CAPTURING;
import static dev.screenshots.model.job.JobStatus.COMPLETED;
import static dev.screenshots.model.job.JobStatus.CREATING_SANDBOX;
import static dev.screenshots.model.job.JobStatus.FAILED;
import static dev.screenshots.model.job.JobStatus.PENDING;
import static dev.screenshots.model.job.JobStatus.PROCESSING;
import static dev.screenshots.model.job.JobStatus.STORING;
import static dev.screenshots.model.job.JobStatus.SYNCING_FILES;
import static dev.screenshots.model.job.JobStatus.VALIDATING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobTransitionsTest {

	@Test
	void pendingMayBeClaimedFailedCancelledOrCompletedFromTheCache() {
		assertExactTargets(PENDING, PROCESSING, FAILED, CANCELLED, COMPLETED);
	}

	@Test
	void processingMayStartValidatingFailBeCancelledOrGoBackToPending() {
		assertExactTargets(PROCESSING, VALIDATING, FAILED, CANCELLED, PENDING);
	}

	@Test
	void validatingMayCreateSandboxFailBeCancelledOrGoBackToPending() {
		assertExactTargets(VALIDATING, CREATING_SANDBOX, FAILED, CANCELLED, PENDING);
	}

	@Test
	void creatingSandboxMaySyncFilesFailBeCancelledOrGoBackToPending() {
		assertExactTargets(CREATING_SANDBOX, SYNCING_FILES, FAILED, CANCELLED, PENDING);
	}

	@Test
	void syncingFilesMayCaptureFailBeCancelledOrGoBackToPending() {
		assertExactTargets(SYNCING_FILES, CAPTURING, FAILED, CANCELLED, PENDING);
	}

	@Test
	void capturingMayStoreFailBeCancelledOrGoBackToPending() {
		assertExactTargets(CAPTURING, STORING, FAILED, CANCELLED, PENDING);
	}

	@Test
	void storingMayCompleteFailBeCancelledOrGoBackToPending() {
		assertExactTargets(STORING, COMPLETED, FAILED, CANCELLED, PENDING);
	}

	@Test
	void completedIsTerminal() {
		assertExactTargets(COMPLETED);
		assertThat(COMPLETED.isTerminal()).isTrue();
	}

	@Test
	void failedIsTerminalButMayBeRedrivenToPending() {
		assertExactTargets(FAILED, PENDING);
		assertThat(FAILED.isTerminal()).isTrue();
	}

	@Test
	void cancelledIsTerminal() {
		assertExactTargets(CANCELLED);
		assertThat(CANCELLED.isTerminal()).isTrue();
	}

	@ParameterizedTest
	@EnumSource(value = JobStatus.class, names = { "COMPLETED", "FAILED", "CANCELLED" }, mode = EnumSource.Mode.EXCLUDE)
	void everyNonTerminalStatusMayFailOrBeCancelled(JobStatus status) {
		assertThat(status.isTerminal()).isFalse();
		assertThat(JobTransitions.isAllowed(status, FAILED)).isTrue();
		assertThat(JobTransitions.isAllowed(status, CANCELLED)).isTrue();
	}

	@Test
	void runningStatusesAreThoseBetweenClaimAndOutcome() {
		assertThat(EnumSet.allOf(JobStatus.class).stream().filter(JobStatus::isRunning)).containsExactly(PROCESSING,
				VALIDATING, CREATING_SANDBOX, SYNCING_FILES, CAPTURING, STORING);
		assertThat(JobTransitions.runningStatusesSql())
			.isEqualTo("'processing','validating','creating_sandbox','syncing_files','capturing','storing'");
	}

	@Test
	void nextWalksTheSuccessPathInOrder() {
		JobStatus status = PENDING;
		StringBuilder path = new StringBuilder(status.value());
		while (!status.isTerminal()) {
			status = JobTransitions.next(status);
			path.append(" > ").append(status.value());
		}
		assertThat(path).hasToString("pending > processing > validating > creating_sandbox > syncing_files"
				+ " > capturing > storing > completed");
	}

	@Test
	void checkRejectsASkippedStepWithBothStatusesInTheMessage() {
		assertThatThrownBy(() -> JobTransitions.check(VALIDATING, CAPTURING))
			.isInstanceOf(IllegalJobStateChangeException.class)
			.hasMessageContaining("validating")
			.hasMessageContaining("capturing");
	}

	@Test
	void nextOfATerminalStatusIsIllegal() {
		assertThatThrownBy(() -> JobTransitions.next(COMPLETED)).isInstanceOf(IllegalJobStateChangeException.class);
	}

	@Test
	void wireFormIsLowerCaseAndParsesBack() {
		for (JobStatus status : JobStatus.values()) {
			assertThat(JobStatus.of(status.value())).isSameAs(status);
			assertThat(JobStatus.of(status.value().toUpperCase())).isSameAs(status);
		}
		assertThat(CREATING_SANDBOX.value()).isEqualTo("creating_sandbox");
	}

	private static void assertExactTargets(JobStatus from, JobStatus... expected) {
		Set<JobStatus> allowed = expected.length == 0 ? EnumSet.noneOf(JobStatus.class)
				: EnumSet.of(expected[0], expected);
		for (JobStatus to : JobStatus.values()) {
			assertThat(JobTransitions.isAllowed(from, to)).as("%s -> %s", from, to).isEqualTo(allowed.contains(to));
			if (allowed.contains(to)) {
				JobTransitions.check(from, to);
			}
			else {
				assertThatThrownBy(() -> JobTransitions.check(from, to))
					.isInstanceOf(IllegalJobStateChangeException.class);
			}
		}
		assertThat(JobTransitions.targets(from)).containsExactlyInAnyOrderElementsOf(allowed);
	}

}
