package dev.screenshots.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.services.s3.model.S3Object;

import dev.screenshots.model.job.JobTransitions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jobs a system test submitted, and the checks the fault tests share: every accepted job
 * ends completed with exactly one object in the store, and nothing stays running.
 */
public final class SubmittedJobs {

	private static final String RUNNING = JobTransitions.runningStatusesSql();

	private final SystemUnderTest system;

	private final TestInfrastructure infrastructure;

	private final JdbcClient jdbc;

	public SubmittedJobs(SystemUnderTest system, TestInfrastructure infrastructure) {
		this.system = system;
		this.infrastructure = infrastructure;
		this.jdbc = infrastructure.jdbc();
	}

	/**
	 * Submits the same request several times; each must be accepted.
	 * @param count how many
	 * @param body the request
	 * @return the jobs' ids
	 */
	public List<String> submit(int count, String body) {
		return IntStream.range(0, count).mapToObj((i) -> {
			ApiClient.Response response = this.system.client().submit(body);
			assertThat(response.status()).as(response.toString()).isEqualTo(202);
			return response.json().path("id").asString();
		}).toList();
	}

	/**
	 * Waits until some of the jobs completed and some are running: work is flowing.
	 * @param ids the jobs
	 */
	public void awaitFlowing(List<String> ids) {
		Waits.await(Waits.ONE_JOB)
			.until(() -> count("status = 'completed' AND id IN (" + in(ids) + ")") >= 2
					&& count("status IN (" + RUNNING + ") AND id IN (" + in(ids) + ")") >= 1);
	}

	/**
	 * Waits until every job ended, then checks that each completed with exactly one
	 * object and that no job of the test's database is left running.
	 * @param ids the jobs
	 */
	public void awaitEveryCompletedOnce(List<String> ids) {
		// a database that was restarted may refuse a moment longer
		Waits.await(Waits.MANY_JOBS)
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptions()
			.until(() -> count("status IN ('completed', 'failed', 'cancelled') AND id IN (" + in(ids) + ")") == ids
				.size());
		assertThat(count("status = 'completed' AND id IN (" + in(ids) + ")")).isEqualTo(ids.size());
		assertThat(count("status IN (" + RUNNING + ")")).as("jobs left running").isZero();
		List<S3Object> objects = this.infrastructure.s3().objects(this.infrastructure.bucket(), "screenshots/");
		for (String id : ids) {
			assertThat(objects).filteredOn((object) -> object.key().contains(id))
				.as("objects of job %s", id)
				.hasSize(1);
		}
	}

	/**
	 * When the first of the jobs completed after a moment, for the recovery times the
	 * fault tests report.
	 * @param ids the jobs
	 * @param since the moment (a fault, or the end of one)
	 * @return the first completion after it
	 */
	public Instant firstCompletedAfter(List<String> ids, Instant since) {
		return this.jdbc
			.sql("SELECT min(finished_at) FROM screenshot_jobs WHERE status = 'completed' AND finished_at > :since "
					+ "AND id IN (" + in(ids) + ")")
			.param("since", OffsetDateTime.ofInstant(since, ZoneOffset.UTC))
			.query(OffsetDateTime.class)
			.single()
			.toInstant();
	}

	/**
	 * @param where a condition on {@code screenshot_jobs}
	 * @return how many jobs meet it
	 */
	public long count(String where) {
		return this.jdbc.sql("SELECT count(*) FROM screenshot_jobs WHERE " + where).query(Long.class).single();
	}

	/**
	 * @param ids job ids
	 * @return them quoted and separated by commas, for {@code IN (…)}
	 */
	public static String in(List<String> ids) {
		return ids.stream().map((id) -> "'" + id + "'").collect(Collectors.joining(","));
	}

}
