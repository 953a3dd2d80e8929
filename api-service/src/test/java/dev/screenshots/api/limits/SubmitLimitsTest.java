package dev.screenshots.api.limits;

import java.sql.SQLException;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;

import dev.screenshots.api.apikeys.ApiKeyPrincipal;
import dev.screenshots.api.apikeys.Role;
import dev.screenshots.api.jobs.ScreenshotJobs;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class SubmitLimitsTest {

	@Test
	void aBucketOutOfReachIsTheDatabaseBeingUnavailableNotAnInternalError() throws Exception {
		DataSource down = mock(DataSource.class);
		given(down.getConnection()).willThrow(new SQLException("Connection refused"));
		ScreenshotJobs jobs = mock(ScreenshotJobs.class);
		given(jobs.countUnfinished(any(), anyInt())).willReturn(0L);
		SubmitLimits limits = new SubmitLimits(down, jobs, new LimitProperties(600, 60, 1000));
		ApiKeyPrincipal caller = new ApiKeyPrincipal(UUID.randomUUID(), "key", "tenant", Role.CLIENT, null, null,
				false);

		assertThatExceptionOfType(DataAccessResourceFailureException.class).isThrownBy(() -> limits.acquire(caller))
			.withRootCauseInstanceOf(SQLException.class);
	}

}
