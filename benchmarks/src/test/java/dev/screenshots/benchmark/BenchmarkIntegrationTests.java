package dev.screenshots.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark runs, end to end, on a tiny workload: every phase produces figures and
 * the JSON holds them. Nothing here is about how fast anything is.
 */
class BenchmarkIntegrationTests {

	@Test
	void tinyRunMeasuresEveryPhaseAndWritesTheResults(@TempDir Path results) throws Exception {
		BenchmarkSettings settings = BenchmarkSettings.parse("--n=4", "--concurrency=1", "--pages=simple,long",
				"--warmup=1", "--service-warmup=2", "--api-warmup=5", "--light-jobs=2", "--submit-seconds=2",
				"--submit-connections=4", "--submit-keys=1,3", "--state-write-seconds=2", "--state-write-workers=4",
				"--state-write-connections=2", "--soak-captures=4", "--stress-captures=3", "--results=" + results,
				"--compare-job-options={\"blockAds\":true}");
		BenchmarkReport report = new Benchmark(settings, Path.of(System.getProperty("api.jar")),
				Path.of(System.getProperty("worker.jar")))
			.run();

		assertThat(report.rows()).hasSize(2);
		for (Benchmark.Row row : report.rows()) {
			assertThat(row.raw().shots()).isEqualTo(4);
			assertThat(row.raw().latencyMs().count()).isEqualTo(4);
			assertThat(row.raw().perSecond()).isPositive();
			assertThat(row.service().completed()).as("jobs completed on " + row.page()).isEqualTo(4);
			assertThat(row.service().failed()).isZero();
			assertThat(row.service().latencyMs().count()).isEqualTo(4);
			assertThat(row.service().meanStepMs()).containsKeys("pending", "capturing", "storing");
			assertThat(row.service().databasePerJob().get("commits")).as("commits per job").isGreaterThan(1);
			assertThat(row.service().databasePerJob().get("write transactions"))
				.as("the claim, a move and the completion at least")
				.isGreaterThanOrEqualTo(3);
			assertThat(row.service().databasePerJob().get("rows inserted")).as("the job, its steps, its message")
				.isGreaterThanOrEqualTo(3);
			assertThat(row.ratio()).isEqualTo(row.service().perSecond() / row.raw().perSecond());
			assertThat(row.workerMemoryAfter().processes()).as("the JVM, the host's server and the browser's processes")
				.isGreaterThanOrEqualTo(3);
			assertThat(row.workerMemoryAfter().rssMiB()).isGreaterThan(row.workerMemoryAfter().jvmRssMiB());
		}
		assertThat(report.light().jobs()).isEqualTo(2);
		assertThat(report.light().overheadMs())
			.isEqualTo(report.light().endToEndMs().p50() - report.light().rawMs().p50());
		assertThat(report.comparison().pairs()).isEqualTo(2);
		assertThat(report.comparison().comparedMs().count()).isEqualTo(2);
		assertThat(report.comparison().differenceMs().count()).isEqualTo(2);
		assertThat(report.comparison().comparedStepMs()).containsKeys("capturing");
		assertThat(report.submit().rows()).extracting(Benchmark.SubmitRow::keys).containsExactly(1, 3);
		for (Benchmark.SubmitRow row : report.submit().rows()) {
			assertThat(row.service().accepted()).isPositive();
			assertThat(row.service().p99Ms()).isGreaterThanOrEqualTo(row.service().p50Ms()).isPositive();
			assertThat(row.checkpoints()).as("a difference of PostgreSQL's counters").isNotNegative();
		}
		assertThat(report.submit().floor().accepted()).as("submits written by the floor's loop").isPositive();
		assertThat(report.submit().floor().p99Ms()).isGreaterThanOrEqualTo(report.submit().floor().p50Ms())
			.isPositive();
		assertThat(report.stateWrites().jobsPerSecond()).as("jobs taken through every status").isPositive();
		assertThat(report.stateWrites().transitionMs().count()).isPositive();
		assertThat((long) report.stateWrites().transitionMs().count()).isEqualTo(report.stateWrites().transitions());
		assertThat(report.stateWrites().cpuMsPerTransition()).as("the database's CPU per transition")
			.hasEntrySatisfying("postgres", (millis) -> assertThat(millis).isPositive());
		assertThat(report.stateWrites().connections()).as("four simulated workers sharing two connections")
			.isEqualTo(2);
		assertThat(report.soak().samples()).hasSizeGreaterThanOrEqualTo(2);
		assertThat(report.soak().samples().get(report.soak().samples().size() - 1).captures()).isEqualTo(4);

		assertThat(report.stress().captures()).isEqualTo(3);
		assertThat(report.stress().outcomes()).as("one attempt each, under a CPU hog")
			.containsExactly(java.util.Map.entry("completed", 3L));
		assertThat(report.stress().screenshotRetries()).as("read from the worker's metric").isNotNegative();

		String table = report.table();
		assertThat(table).contains("simple", "long", "light load", "PostgreSQL per job",
				"{\"blockAds\":true} against {}", "submit path", "memory soak", "stress");
		Path written = report.write(results);
		JsonNode json = JsonMapper.builder().build().readTree(Files.readString(written));
		assertThat(json.path("rows").size()).isEqualTo(2);
		assertThat(json.path("rows").path(0).path("service").path("completed").asLong()).isEqualTo(4);
		assertThat(json.path("machine").path("chromium").asString()).contains("chromium");
	}

}
