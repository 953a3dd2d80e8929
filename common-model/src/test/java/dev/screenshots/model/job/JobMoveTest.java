package dev.screenshots.model.job;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.screenshots.model.job.JobStatus.CANCELLED;
import static dev.screenshots.model.job.JobStatus.CAPTURING;
import static dev.screenshots.model.job.JobStatus.COMPLETED;
import static dev.screenshots.model.job.JobStatus.FAILED;
import static dev.screenshots.model.job.JobStatus.PENDING;
import static dev.screenshots.model.job.JobStatus.PROCESSING;
import static dev.screenshots.model.job.JobStatus.STORING;
import static dev.screenshots.model.job.JobStatus.VALIDATING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobMoveTest {

	private static final Pattern IN_LIST = Pattern.compile("status IN \\(([^)]*)\\)");

	@ParameterizedTest
	@EnumSource(JobStatus.class)
	void guardOfEveryTargetIsExactlyTheStatusesTheTableAllowsItFrom(JobStatus to) {
		Set<JobStatus> allowed = Arrays.stream(JobStatus.values())
			.filter((from) -> JobTransitions.isAllowed(from, to))
			.collect(Collectors.toCollection(() -> EnumSet.noneOf(JobStatus.class)));

		JobMove move = JobMove.to(to);

		assertThat(move.sources()).isEqualTo(allowed);
		assertThat(inLists(move.sql("SELECT 1"))).containsExactly(allowed);
	}

	@Test
	void cancellingIsGuardedByEveryUnfinishedStatusInTableOrder() {
		assertThat(JobMove.to(CANCELLED).sql("SELECT count(*) FROM moved"))
			.contains("WHERE id = :id AND status IN ('pending', 'processing', 'validating', 'creating_sandbox',"
					+ " 'syncing_files', 'capturing', 'storing')")
			.contains("SET status = 'cancelled', updated_at = :now\n");
	}

	@Test
	void narrowingToAnAllowedStatusGuardsByThatStatusOnly() {
		JobMove move = JobMove.to(STORING).from(CAPTURING);

		assertThat(move.sources()).containsExactly(CAPTURING);
		assertThat(inLists(move.sql("SELECT 1"))).containsExactly(EnumSet.of(CAPTURING));
	}

	@Test
	void narrowingToAStatusTheTableDoesNotAllowThrows() {
		assertThatThrownBy(() -> JobMove.to(CAPTURING).from(VALIDATING))
			.isInstanceOfSatisfying(IllegalJobStateChangeException.class, (ex) -> {
				assertThat(ex.from()).isEqualTo(VALIDATING);
				assertThat(ex.to()).isEqualTo(CAPTURING);
			});
		assertThatThrownBy(() -> JobMove.to(PENDING).from(FAILED, COMPLETED))
			.isInstanceOf(IllegalJobStateChangeException.class)
			.hasMessageContaining("completed");
	}

	@Test
	void narrowingToNothingIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> JobMove.to(PENDING).from());
	}

	@Test
	void theStepHistoryRecordsTheTargetForTheMovedRowOnly() {
		String sql = JobMove.to(COMPLETED).from(STORING).sql("SELECT count(*) FROM moved");

		assertThat(sql).contains("RETURNING id, attempts)")
			.contains("SELECT id, 'completed', attempts, :now FROM moved)")
			.doesNotContain("UPDATE job_steps")
			.endsWith("SELECT count(*) FROM moved");
	}

	@Test
	void additionsGoIntoTheirClauses() {
		String sql = JobMove.to(PENDING)
			.from(FAILED)
			.set("attempts = 0, worker_id = NULL")
			.where("tenant = :tenant")
			.returning("priority")
			.sql("SELECT priority FROM moved");

		assertThat(sql).contains("SET status = 'pending', updated_at = :now, attempts = 0, worker_id = NULL\n")
			.contains("WHERE id = :id AND status IN ('failed') AND (tenant = :tenant)\n")
			.contains("RETURNING id, attempts, priority)");
	}

	@Test
	void aTakeoverAlsoMovesEveryRunningStatusUnderItsOwnCondition() {
		JobMove claim = JobMove.to(PROCESSING).where("next_attempt_at IS NULL").orTakeOver("lease_expires_at < now()");

		assertThat(claim.sources()).containsExactly(PENDING);
		assertThat(claim.takenOver()).isEqualTo(EnumSet
			.copyOf(Arrays.stream(JobStatus.values()).filter(JobStatus::isRunning).collect(Collectors.toSet())));
		assertThat(claim.sql("SELECT 1")).contains("WHERE id = :id AND ((status IN ('pending') AND (next_attempt_at"
				+ " IS NULL)) OR (status IN ('processing', 'validating', 'creating_sandbox', 'syncing_files',"
				+ " 'capturing', 'storing') AND (lease_expires_at < now())))");
	}

	@Test
	void aTakeoverNeedsTheTableToAllowTheMoveFromPending() {
		assertThatThrownBy(() -> JobMove.to(STORING).orTakeOver("true"))
			.isInstanceOf(IllegalJobStateChangeException.class)
			.hasMessageContaining("pending")
			.hasMessageContaining("storing");
	}

	@Test
	void withoutATakeoverNothingIsTakenOver() {
		assertThat(JobMove.to(PROCESSING).takenOver()).isEmpty();
	}

	@Test
	void literalsFollowTheOrderOfTheStatuses() {
		assertThat(JobMove.literals(List.of(STORING, PENDING))).isEqualTo("'pending', 'storing'");
		assertThatIllegalArgumentException().isThrownBy(() -> JobMove.literals(List.of()));
	}

	private static List<Set<JobStatus>> inLists(String sql) {
		Matcher matcher = IN_LIST.matcher(sql);
		List<Set<JobStatus>> lists = new ArrayList<>();
		while (matcher.find()) {
			lists.add(Arrays.stream(matcher.group(1).split(","))
				.map((literal) -> JobStatus.of(literal.strip().replace("'", "")))
				.collect(Collectors.toCollection(() -> EnumSet.noneOf(JobStatus.class))));
		}
		return lists;
	}

}
