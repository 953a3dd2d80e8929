package dev.screenshots.model.job;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
	void pendingMayOnlyBeClaimedOrFail() {
		assertExactTargets(PENDING, PROCESSING, FAILED);
	}

	@Test
	void processingMayOnlyStartValidatingOrFail() {
		assertExactTargets(PROCESSING, VALIDATING, FAILED);
	}

	@Test
	void validatingMayOnlyCreateSandboxOrFail() {
		assertExactTargets(VALIDATING, CREATING_SANDBOX, FAILED);
	}

	@Test
	void creatingSandboxMayOnlySyncFilesOrFail() {
		assertExactTargets(CREATING_SANDBOX, SYNCING_FILES, FAILED);
	}

	@Test
	void syncingFilesMayOnlyCaptureOrFail() {
		assertExactTargets(SYNCING_FILES, CAPTURING, FAILED);
	}

	@Test
	void capturingMayOnlyStoreOrFail() {
		assertExactTargets(CAPTURING, STORING, FAILED);
	}

	@Test
	void storingMayOnlyCompleteOrFail() {
		assertExactTargets(STORING, COMPLETED, FAILED);
	}

	@Test
	void completedIsTerminal() {
		assertExactTargets(COMPLETED);
		assertThat(COMPLETED.isTerminal()).isTrue();
	}

	@Test
	void failedIsTerminal() {
		assertExactTargets(FAILED);
		assertThat(FAILED.isTerminal()).isTrue();
	}

	@ParameterizedTest
	@EnumSource(value = JobStatus.class, names = { "COMPLETED", "FAILED" }, mode = EnumSource.Mode.EXCLUDE)
	void everyNonTerminalStatusMayFail(JobStatus status) {
		assertThat(status.isTerminal()).isFalse();
		assertThat(JobTransitions.isAllowed(status, FAILED)).isTrue();
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
