package dev.screenshots.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.screenshots.benchmark.Benchmark.LightLoad;
import dev.screenshots.benchmark.Benchmark.OptionsComparison;
import dev.screenshots.benchmark.Benchmark.Row;
import dev.screenshots.benchmark.Benchmark.Sample;
import dev.screenshots.benchmark.Benchmark.Soak;
import dev.screenshots.benchmark.Benchmark.Stress;
import dev.screenshots.benchmark.Benchmark.SubmitPath;
import dev.screenshots.benchmark.Benchmark.SubmitRow;

/**
 * Everything one run measured.
 *
 * @param machine where it ran
 * @param settings what it did
 * @param seconds how long it took
 * @param submit the submit path, one row per number of keys, and its database floor; or
 * {@code null}
 * @param stateWrites the state-write path alone, or {@code null}
 * @param rows the throughput rows
 * @param light the light-load latency, or {@code null}
 * @param comparison the run's job options against others at light load, or {@code null}
 * @param soak the memory soak, or {@code null}
 * @param stress the captures under CPU pressure, or {@code null}
 */
record BenchmarkReport(Map<String, String> machine, BenchmarkSettings settings, long seconds, SubmitPath submit,
		StateWriteLoad.Result stateWrites, List<Row> rows, LightLoad light, OptionsComparison comparison, Soak soak,
		Stress stress) {

	String table() {
		StringBuilder out = new StringBuilder();
		if (!"{}".equals(this.settings.jobOptions().replace(" ", ""))) {
			out.append(String.format("job options: %s%n", this.settings.jobOptions()));
		}
		if (!this.rows.isEmpty()) {
			out.append(String.format(Locale.ROOT, "%-7s %2s | %8s %8s | %9s %7s %8s %8s | %6s | %9s %9s%n", "page", "P",
					"raw/s", "raw p50", "service/s", "failed", "e2e p50", "e2e p99", "ratio", "RSS MiB", "PSS MiB"));
			for (Row row : this.rows) {
				out.append(String.format(Locale.ROOT,
						"%-7s %2d | %8.2f %6.0fms | %9.2f %7d %6.0fms %6.0fms | %6.3f | %9.0f %9.0f%n", row.page(),
						row.concurrency(), row.raw().perSecond(), row.raw().latencyMs().p50(),
						row.service().perSecond(), row.service().failed(), row.service().latencyMs().p50(),
						row.service().latencyMs().p99(), row.ratio(), row.workerMemoryAfter().rssMiB(),
						row.workerMemoryAfter().pssMiB()));
			}
			out.append(String.format("%ncpu ms per capture by process (raw loop → service):%n"));
			for (Row row : this.rows) {
				out.append(String.format(Locale.ROOT, "  %-7s P=%d raw: %s%n", row.page(), row.concurrency(),
						format(row.raw().cpuMsPerShot())));
				out.append(String.format(Locale.ROOT, "  %-7s P=%d service: %s%n", row.page(), row.concurrency(),
						format(row.service().cpuMsPerJob())));
			}
			out.append(String.format("%nPostgreSQL per job (this database's statistics):%n"));
			for (Row row : this.rows) {
				out.append(String.format(Locale.ROOT, "  %-7s P=%d: %s%n", row.page(), row.concurrency(),
						format(row.service().databasePerJob())));
			}
		}
		if (this.light != null) {
			out.append(String.format(Locale.ROOT,
					"%nlight load (%s, P=1, %d jobs one at a time): end-to-end p50 %.1f ms, raw p50 %.1f ms, overhead %.1f ms%n",
					this.light.page(), this.light.jobs(), this.light.endToEndMs().p50(), this.light.rawMs().p50(),
					this.light.overheadMs()));
			out.append("  mean ms per status: ").append(format(this.light.meanStepMs())).append('\n');
		}
		if (this.comparison != null) {
			OptionsComparison c = this.comparison;
			out.append(String.format(Locale.ROOT,
					"%n%s against %s (%s, P=1, %d pairs of jobs one at a time, order alternating):%n",
					c.comparedOptions(), c.baseOptions(), c.page(), c.pairs()));
			out.append(String.format(Locale.ROOT,
					"  end-to-end p50 %.1f ms against %.1f ms; within a pair, p50 difference %+.1f ms (mean %+.1f ms)%n",
					c.comparedMs().p50(), c.baseMs().p50(), c.differenceMs().p50(), c.differenceMs().mean()));
			out.append("  mean ms per status, compared: ").append(format(c.comparedStepMs())).append('\n');
			out.append("  mean ms per status, base: ").append(format(c.baseStepMs())).append('\n');
		}
		if (this.submit != null) {
			for (SubmitRow row : this.submit.rows()) {
				SubmitLoad.Result load = row.service();
				out.append(String.format(Locale.ROOT,
						"%nsubmit path (%d connections, %d key(s), %.0f s, no worker): %.0f accepted/s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, %d rejected, %d socket errors; service/floor %.3f; PostgreSQL checkpoints during the row: %d%n",
						load.connections(), row.keys(), load.seconds(), load.acceptedPerSecond(), load.p50Ms(),
						load.p90Ms(), load.p99Ms(), load.rejected(), load.socketErrors(), this.submit.ratio(row),
						row.checkpoints()));
				out.append("  cpu ms per request by process: ").append(format(load.cpuMsPerRequest())).append('\n');
			}
			SubmitLoad.Result floor = this.submit.floor();
			out.append(String.format(Locale.ROOT,
					"%ndatabase floor (the same rows from a bare JDBC loop, %d connections, %.0f s): %.0f submits/s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms; PostgreSQL checkpoints during the row: %d%n",
					floor.connections(), floor.seconds(), floor.acceptedPerSecond(), floor.p50Ms(), floor.p90Ms(),
					floor.p99Ms(), this.submit.floorCheckpoints()));
			out.append("  cpu ms per submit by process: ").append(format(floor.cpuMsPerRequest())).append('\n');
		}
		if (this.stateWrites != null) {
			StateWriteLoad.Result writes = this.stateWrites;
			out.append(String.format(Locale.ROOT,
					"%nstate writes (%d simulated workers on %d connections%s, %.0f s, no browser%s): %.0f jobs/s, %.0f transitions/s (one commit each), p50 %.2f ms, p99 %.2f ms per transition, WAL %.1f KiB per job (server-wide)%n",
					writes.workers(), writes.connections(),
					StateWriteLoad.describePooler(this.settings.stateWritePooler()), writes.seconds(),
					StateWriteLoad.describeNotifications(this.settings.stateWriteNotify(),
							this.settings.stateWriteWatched()),
					writes.jobsPerSecond(), writes.transitionsPerSecond(), writes.transitionMs().p50(),
					writes.transitionMs().p99(), writes.walKiBPerJob()));
			out.append("  cpu ms per transition by process: ")
				.append(format(writes.cpuMsPerTransition(), 3))
				.append('\n');
		}
		if (this.soak != null) {
			out.append(String.format(Locale.ROOT, "%nmemory soak (P=2, %d captures):%n", this.soak.captures()));
			for (Sample sample : this.soak.samples()) {
				out.append(String.format(Locale.ROOT,
						"  %5d captures: RSS %.0f MiB, PSS %.0f MiB (%d processes, JVM %.0f MiB)%n", sample.captures(),
						sample.memory().rssMiB(), sample.memory().pssMiB(), sample.memory().processes(),
						sample.memory().jvmRssMiB()));
			}
			out.append(String.format(Locale.ROOT, "  growth: RSS %+.1f%%, PSS %+.1f%%%n", this.soak.rssGrowth() * 100,
					this.soak.pssGrowth() * 100));
		}
		if (this.stress != null) {
			out.append(String.format(Locale.ROOT,
					"%nstress (P=2, one attempt per job, %d core(s) kept busy, pages %s): %d captures in %.0f s%n",
					this.stress.hogs(), this.settings.pages(), this.stress.captures(), this.stress.seconds()));
			out.append("  outcomes: ").append(this.stress.outcomes()).append('\n');
			out.append(String.format(Locale.ROOT, "  CAPTURE_FAILED: %d; screenshots retried within the attempt: %d%n",
					this.stress.failed("CAPTURE_FAILED"), this.stress.screenshotRetries()));
		}
		return out.append(String.format(Locale.ROOT, "%n(%d s in all)", this.seconds)).toString();
	}

	private static String format(Map<String, Double> steps) {
		return format(steps, 1);
	}

	private static String format(Map<String, Double> steps, int decimals) {
		StringBuilder out = new StringBuilder();
		steps.forEach(
				(status, millis) -> out.append(String.format(Locale.ROOT, "%s %." + decimals + "f, ", status, millis)));
		return out.isEmpty() ? "-" : out.substring(0, out.length() - 2);
	}

	Path write(Path directory) {
		try {
			Files.createDirectories(directory);
			Path file = directory.resolve("benchmark-"
					+ DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(Instant.now().atOffset(ZoneOffset.UTC))
					+ ".json");
			JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
			Files.writeString(file, json.writeValueAsString(this));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
