package dev.screenshots.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.screenshots.benchmark.BenchmarkPages.Page;
import dev.screenshots.benchmark.ServiceUnderTest.JobTimes;
import dev.screenshots.testsupport.Browsers;
import dev.screenshots.testsupport.ProjectFiles;

/**
 * Measures the service against the raw Playwright limit in one run, on one machine, with
 * one browser binary, viewport and format (see docs/performance.md). For each page and
 * concurrency P: the raw loop ({@link RawPlaywright}), then N jobs through the API to one
 * capture-worker with pool size P. Also the light-load latency at P=1, the submit path
 * alone ({@link SubmitLoad}) and the worker's memory. Prints one table and writes the
 * figures as JSON. Asserts nothing about time.
 *
 * <p>
 * Run with {@code scripts/benchmark.sh [--name=value …]} ({@link BenchmarkSettings}).
 */
public final class Benchmark {

	private final BenchmarkSettings settings;

	private final Path apiJar;

	private final Path workerJar;

	private final Path chromium;

	Benchmark(BenchmarkSettings settings, Path apiJar, Path workerJar) {
		this.settings = settings;
		this.apiJar = apiJar;
		this.workerJar = workerJar;
		this.chromium = Browsers.chromium();
	}

	public static void main(String[] args) {
		BenchmarkSettings settings = BenchmarkSettings.parse(args);
		BenchmarkReport report = new Benchmark(settings, ProjectFiles.jar("api.jar"), ProjectFiles.jar("worker.jar"))
			.run();
		System.out.println();
		System.out.println(report.table());
		System.out.println("Results: " + report.write(settings.results()));
	}

	BenchmarkReport run() {
		Instant started = Instant.now();
		try (BenchmarkPages pages = BenchmarkPages.start()) {
			SubmitPath submit = (this.settings.submitSeconds() > 0) ? submitPath(pages) : null;
			StateWriteLoad.Result stateWrites = (this.settings.stateWriteSeconds() > 0) ? stateWrites(pages) : null;
			List<Row> rows = new ArrayList<>();
			LightLoad light = null;
			OptionsComparison comparison = null;
			Soak soak = null;
			Stress stress = null;
			try (ServiceUnderTest service = new ServiceUnderTest(this.apiJar, this.workerJar,
					this.settings.jobOptions())
				.startApi()) {
				if (this.settings.apiWarmup() > 0) {
					progress("api-service warm-up: %d submits, then discarded", this.settings.apiWarmup());
					service.warmUpApi(pages.url(Page.SIMPLE), this.settings.apiWarmup());
				}
				for (Page page : (this.settings.jobs() > 0) ? this.settings.pages() : List.<Page>of()) {
					for (int concurrency : this.settings.concurrency()) {
						Row row = row(service, pages, page, concurrency);
						rows.add(row);
						if (concurrency == 1 && light == null && this.settings.lightJobs() > 0) {
							light = lightLoad(service, pages, page, row.raw());
							if (this.settings.compareJobOptions() != null) {
								comparison = compareOptions(service, pages, page);
							}
						}
						service.stopWorker();
					}
				}
				if (this.settings.soakCaptures() > 0) {
					soak = soak(service, pages);
				}
				if (this.settings.stressCaptures() > 0) {
					stress = stress(service, pages);
				}
			}
			return new BenchmarkReport(machine(), this.settings, Duration.between(started, Instant.now()).toSeconds(),
					submit, stateWrites, rows, light, comparison, soak, stress);
		}
	}

	/**
	 * The submit path alone, once per number of keys, and its database floor
	 * ({@link DatabaseFloor}) measured right after on the same database.
	 */
	private SubmitPath submitPath(BenchmarkPages pages) {
		int connections = this.settings.submitConnections();
		int seconds = this.settings.submitSeconds();
		List<SubmitRow> rows = new ArrayList<>();
		try (ServiceUnderTest service = new ServiceUnderTest(this.apiJar, this.workerJar, this.settings.jobOptions())
			.startApi()) {
			int most = this.settings.submitKeys().stream().max(Integer::compare).orElse(1);
			List<String> keys = service.createKeys(most);
			warmUpSubmits(service, pages, keys, connections, seconds);
			for (int count : this.settings.submitKeys()) {
				List<String> used = keys.subList(0, count);
				progress("submit path: POST /screenshots, %d connections, %d key(s), %d s, no worker running",
						connections, count, seconds);
				// a short warm-up of the server's code paths, not counted
				SubmitLoad.run(service.apiUrl(), pages.url(Page.SIMPLE), used, connections, Math.min(5, seconds));
				ProcessCpu before = ProcessCpu.snapshot(service.apiPid(), 0);
				long checkpoints = service.checkpoints();
				SubmitLoad.Result load = SubmitLoad.run(service.apiUrl(), pages.url(Page.SIMPLE), used, connections,
						seconds);
				SubmitLoad.Result result = load
					.withCpu(ProcessCpu.snapshot(service.apiPid(), 0).since(before, Math.max(1, load.requests())));
				checkpoints = service.checkpoints() - checkpoints;
				progress("submit path: %.0f accepted/s, p50 %.2f ms, p99 %.2f ms, %d rejected, %d checkpoint(s)",
						result.acceptedPerSecond(), result.p50Ms(), result.p99Ms(), result.rejected(), checkpoints);
				rows.add(new SubmitRow(count, result, checkpoints));
			}
			progress("database floor: the same rows from a bare JDBC loop, %d connections, %d s", connections, seconds);
			ProcessCpu before = ProcessCpu.snapshot(service.apiPid(), 0);
			long checkpoints = service.checkpoints();
			SubmitLoad.Result load = DatabaseFloor.run(service.database(), service.anyJob(), connections, seconds);
			ProcessCpu.awaitReaped();
			SubmitLoad.Result floor = load
				.withCpu(ProcessCpu.snapshot(service.apiPid(), 0).since(before, Math.max(1, load.requests())));
			checkpoints = service.checkpoints() - checkpoints;
			progress("database floor: %.0f submits/s, p50 %.2f ms, p99 %.2f ms, %d checkpoint(s)",
					floor.acceptedPerSecond(), floor.p50Ms(), floor.p99Ms(), checkpoints);
			return new SubmitPath(rows, floor, checkpoints);
		}
	}

	/**
	 * Submits until api-service's JVM is warm, not counted: the first row used to meet a
	 * JVM whose compilers were still at work. The same 15 s row four times in a row took
	 * 455, 530, 908 and 1,127 submits/s (2026-11-27, two slow cores shared with the
	 * load), and a warm-up that stopped once a 10 s round came within 10 % of the one
	 * before stopped at 412/s, before the jump. So it runs for eight times the rows'
	 * length, at most two minutes, in 10 s rounds whose rates it prints, to show where it
	 * levelled.
	 */
	private void warmUpSubmits(ServiceUnderTest service, BenchmarkPages pages, List<String> keys, int connections,
			int seconds) {
		int round = Math.min(10, seconds);
		int most = Math.min(120, 8 * seconds);
		for (int spent = 0; spent < most; spent += round) {
			double rate = SubmitLoad.run(service.apiUrl(), pages.url(Page.SIMPLE), keys, connections, round)
				.acceptedPerSecond();
			progress("submit path: warm-up, %d s, %.0f accepted/s, not counted", round, rate);
		}
	}

	/** The state-write path alone ({@link StateWriteLoad}), on a fresh database. */
	private StateWriteLoad.Result stateWrites(BenchmarkPages pages) {
		int workers = this.settings.stateWriteWorkers();
		int connections = this.settings.stateWriteConnections();
		String pooler = this.settings.stateWritePooler();
		int seconds = this.settings.stateWriteSeconds();
		try (ServiceUnderTest service = new ServiceUnderTest(this.apiJar, this.workerJar, this.settings.jobOptions())
			.startApi()) {
			service.submit(pages.url(Page.SIMPLE), false);
			boolean notify = this.settings.stateWriteNotify();
			boolean watched = this.settings.stateWriteWatched();
			progress("state writes: %d simulated workers on %d connections%s, %d s, no browser%s", workers, connections,
					StateWriteLoad.describePooler(pooler), seconds,
					StateWriteLoad.describeNotifications(notify, watched));
			StateWriteLoad.Result result = StateWriteLoad.run(service.database(), pooler, service.anyJob(), workers,
					connections, seconds, notify, watched, service.apiPid());
			progress(
					"state writes: %.0f jobs/s, %.0f transitions/s, p50 %.2f ms, p99 %.2f ms per transition,"
							+ " WAL %.1f KiB per job",
					result.jobsPerSecond(), result.transitionsPerSecond(), result.transitionMs().p50(),
					result.transitionMs().p99(), result.walKiBPerJob());
			return result;
		}
	}

	private Row row(ServiceUnderTest service, BenchmarkPages pages, Page page, int concurrency) {
		String url = pages.url(page);
		int jobs = this.settings.jobs();
		progress("%s P=%d: raw Playwright, %d shots", page.label(), concurrency, jobs);
		RawPlaywright.Result raw = RawPlaywright.run(this.chromium, url, page.fullPage(), concurrency, jobs,
				this.settings.warmup(), service.apiPid());
		service.startWorker(concurrency);
		progress("%s P=%d: service warm-up, %d jobs", page.label(), concurrency, this.settings.serviceWarmup());
		List<UUID> warmup = service.submitAll(url, page.fullPage(), this.settings.serviceWarmup());
		service.awaitFinished(warmup, Duration.ofMinutes(2));
		ProcessMemory before = ProcessMemory.of(service.workerPid());
		ServiceUnderTest.sleep(1500);
		Map<String, Long> databaseBefore = service.databaseCounters();
		progress("%s P=%d: service, %d jobs", page.label(), concurrency, jobs);
		ProcessCpu cpuBefore = ProcessCpu.snapshot(service.apiPid(), service.workerPid());
		Instant first = Instant.now();
		List<UUID> ids = service.submitAll(url, page.fullPage(), jobs);
		service.awaitFinished(ids, Duration.ofSeconds(120 + jobs * 2L));
		Map<String, Double> cpu = ProcessCpu.snapshot(service.apiPid(), service.workerPid()).since(cpuBefore, jobs);
		List<JobTimes> times = service.times(ids);
		ProcessMemory after = ProcessMemory.of(service.workerPid());
		ServiceUnderTest.sleep(1500);
		Map<String, Double> databasePerJob = new LinkedHashMap<>();
		service.databaseCounters()
			.forEach((name, value) -> databasePerJob.put(name, (value - databaseBefore.get(name)) / (double) jobs));
		Instant last = times.stream().map(JobTimes::finished).max(Comparator.naturalOrder()).orElseThrow();
		double seconds = Duration.between(first, last).toNanos() / 1e9;
		long completed = times.stream().filter((job) -> job.status().equals("completed")).count();
		ServiceResult result = new ServiceResult(jobs, completed, jobs - completed, seconds, completed / seconds,
				Stats.of(times.stream().map(JobTimes::millis).toList()), service.meanStepMillis(ids), cpu,
				databasePerJob);
		return new Row(page.label(), concurrency, raw, result, result.perSecond() / raw.perSecond(), before, after);
	}

	/** Jobs one at a time: what the service adds to a single capture. */
	private LightLoad lightLoad(ServiceUnderTest service, BenchmarkPages pages, Page page, RawPlaywright.Result raw) {
		progress("%s P=1: light load, %d jobs one at a time", page.label(), this.settings.lightJobs());
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < this.settings.lightJobs(); i++) {
			UUID id = service.submit(pages.url(page), page.fullPage());
			service.awaitFinished(List.of(id), Duration.ofMinutes(1));
			ids.add(id);
			ServiceUnderTest.sleep(50);
		}
		Stats endToEnd = Stats.of(service.times(ids).stream().map(JobTimes::millis).toList());
		return new LightLoad(page.label(), ids.size(), endToEnd, raw.latencyMs(),
				endToEnd.p50() - raw.latencyMs().p50(), service.meanStepMillis(ids));
	}

	/**
	 * The run's job options against others at light load, in pairs of jobs one at a time:
	 * what the other options add to a single capture, measured so that the machine's
	 * drift from minute to minute (often more than the difference) cancels out. Each
	 * measured job follows an unmeasured one with the same options, as in a steady stream
	 * of like jobs: the slot's spare sandbox is made like the job before it, so a
	 * measured job finds a spare made for it, as it would in the light-load row.
	 */
	private OptionsComparison compareOptions(ServiceUnderTest service, BenchmarkPages pages, Page page) {
		String base = this.settings.jobOptions();
		String compared = this.settings.compareJobOptions();
		progress("%s P=1: %d pairs of jobs one at a time, %s against %s", page.label(), this.settings.lightJobs(),
				compared, base);
		List<UUID> baseIds = new ArrayList<>();
		List<UUID> comparedIds = new ArrayList<>();
		for (int i = 0; i < this.settings.lightJobs(); i++) {
			boolean baseFirst = i % 2 == 0;
			for (boolean isBase : new boolean[] { baseFirst, !baseFirst }) {
				String options = isBase ? base : compared;
				UUID id = null;
				for (int job = 0; job < 2; job++) {
					id = service.submit(pages.url(page), page.fullPage(), options);
					service.awaitFinished(List.of(id), Duration.ofMinutes(1));
					ServiceUnderTest.sleep(50);
				}
				(isBase ? baseIds : comparedIds).add(id);
			}
		}
		Map<UUID, Double> millis = service.millisById(baseIds);
		millis.putAll(service.millisById(comparedIds));
		List<Double> differences = new ArrayList<>();
		for (int i = 0; i < baseIds.size(); i++) {
			differences.add(millis.get(comparedIds.get(i)) - millis.get(baseIds.get(i)));
		}
		return new OptionsComparison(page.label(), base, compared, baseIds.size(),
				Stats.of(baseIds.stream().map(millis::get).toList()),
				Stats.of(comparedIds.stream().map(millis::get).toList()), Stats.of(differences),
				service.meanStepMillis(baseIds), service.meanStepMillis(comparedIds));
	}

	/** Many captures at P=2, the worker's memory read as they go. */
	private Soak soak(ServiceUnderTest service, BenchmarkPages pages) {
		int captures = this.settings.soakCaptures();
		progress("memory soak: %d captures at P=2", captures);
		service.startWorker(2);
		String url = pages.url(Page.SIMPLE);
		List<UUID> warmup = service.submitAll(url, false, 20);
		service.awaitFinished(warmup, Duration.ofMinutes(2));
		List<Sample> samples = new ArrayList<>();
		samples.add(new Sample(0, ProcessMemory.of(service.workerPid())));
		int done = 0;
		int batch = Math.max(1, Math.min(500, captures / 10));
		while (done < captures) {
			int size = Math.min(batch, captures - done);
			List<UUID> ids = service.submitAll(url, false, size);
			service.awaitFinished(ids, Duration.ofSeconds(120 + size * 2L));
			done += size;
			samples.add(new Sample(done, ProcessMemory.of(service.workerPid())));
			progress("  %d captures: %s", done, samples.get(samples.size() - 1).memory());
		}
		service.stopWorker();
		return new Soak(captures, samples);
	}

	/**
	 * Captures of every page of the run in turn at P=2 while {@link CpuHog} keeps cores
	 * busy, with one attempt per job: a capture the browser refuses fails its job instead
	 * of being hidden by a retry of the job.
	 */
	private Stress stress(ServiceUnderTest service, BenchmarkPages pages) {
		int captures = this.settings.stressCaptures();
		int hogs = this.settings.stressHogs();
		progress("stress: %d captures at P=2, one attempt each, %d core(s) kept busy", captures, hogs);
		service.startWorker(2, Map.of("capture.retry.max-attempts", "1"));
		List<UUID> ids = new ArrayList<>();
		Instant start = Instant.now();
		CpuHog hog = CpuHog.start(hogs);
		try {
			int batch = Math.max(1, Math.min(200, captures / 10));
			while (ids.size() < captures) {
				List<UUID> submitted = new ArrayList<>();
				for (int i = 0; i < batch && ids.size() + submitted.size() < captures; i++) {
					Page page = this.settings.pages().get((ids.size() + i) % this.settings.pages().size());
					submitted.add(service.submit(pages.url(page), page.fullPage()));
				}
				service.awaitFinished(submitted, Duration.ofSeconds(120 + submitted.size() * 5L));
				ids.addAll(submitted);
				progress("  %d captures: %s", ids.size(), service.outcomes(ids));
			}
		}
		finally {
			hog.close();
		}
		double seconds = Duration.between(start, Instant.now()).toNanos() / 1e9;
		Stress stress = new Stress(ids.size(), hogs, seconds, service.outcomes(ids),
				(long) service.workerMetric("capture_browser_screenshot_retries_total"));
		service.stopWorker();
		return stress;
	}

	private Map<String, String> machine() {
		Map<String, String> machine = new LinkedHashMap<>();
		machine.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
		machine.put("cpu", firstLine("/proc/cpuinfo", "model name"));
		machine.put("memory", firstLine("/proc/meminfo", "MemTotal"));
		machine.put("os", firstLine("/etc/os-release", "PRETTY_NAME"));
		machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
		machine.put("chromium", this.chromium + " (" + command(this.chromium.toString(), "--version") + ")");
		return machine;
	}

	private static String firstLine(String file, String prefix) {
		try {
			return Files.readAllLines(Path.of(file))
				.stream()
				.filter((line) -> line.startsWith(prefix))
				.map((line) -> line.substring(line.indexOf(line.contains(":") ? ':' : '=') + 1)
					.trim()
					.replace("\"", ""))
				.findFirst()
				.orElse("?");
		}
		catch (IOException ex) {
			return "?";
		}
	}

	private static String command(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			process.waitFor(10, TimeUnit.SECONDS);
			return output;
		}
		catch (IOException ex) {
			return "?";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "?";
		}
	}

	private static void progress(String format, Object... args) {
		System.out.printf("[benchmark %s] %s%n",
				DateTimeFormatter.ISO_LOCAL_TIME.format(Instant.now().atOffset(ZoneOffset.UTC)).substring(0, 8),
				String.format(Locale.ROOT, format, args));
	}

	/**
	 * The service's side of one row.
	 *
	 * @param jobs submitted
	 * @param completed completed
	 * @param failed failed
	 * @param seconds first submit to last completion
	 * @param perSecond completed jobs per second
	 * @param latencyMs end to end, accepted → completed, from the job timestamps
	 * @param meanStepMs mean time per status (pending = queued)
	 * @param cpuMsPerJob CPU time per job by process group ({@link ProcessCpu}), submits
	 * to the last completion
	 * @param databasePerJob the service database's commits and rows written per job
	 * ({@link ServiceUnderTest#databaseCounters()}), everything in the database meanwhile
	 * included (the outbox relay, leases, the reconciler)
	 */
	record ServiceResult(int jobs, long completed, long failed, double seconds, double perSecond, Stats latencyMs,
			Map<String, Double> meanStepMs, Map<String, Double> cpuMsPerJob, Map<String, Double> databasePerJob) {
	}

	/**
	 * One page at one concurrency, both sides.
	 *
	 * @param page the page
	 * @param concurrency P
	 * @param raw the raw loop
	 * @param service the service
	 * @param ratio service throughput / raw throughput
	 * @param workerMemoryBefore the worker's memory after the warm-up
	 * @param workerMemoryAfter the worker's memory after the N jobs
	 */
	record Row(String page, int concurrency, RawPlaywright.Result raw, ServiceResult service, double ratio,
			ProcessMemory workerMemoryBefore, ProcessMemory workerMemoryAfter) {
	}

	/**
	 * @param page the page
	 * @param jobs jobs, one at a time
	 * @param endToEndMs accepted → completed
	 * @param rawMs the raw loop's per-shot latency at P=1
	 * @param overheadMs median end to end minus median raw
	 * @param meanStepMs mean time per status
	 */
	record LightLoad(String page, int jobs, Stats endToEndMs, Stats rawMs, double overheadMs,
			Map<String, Double> meanStepMs) {
	}

	/**
	 * @param keys the API keys the requests were spread over
	 * @param service the submit path through api-service
	 * @param checkpoints PostgreSQL's checkpoints during the row (server-wide)
	 */
	record SubmitRow(int keys, SubmitLoad.Result service, long checkpoints) {
	}

	/**
	 * @param rows one per number of keys
	 * @param floor the same rows from a bare JDBC loop ({@link DatabaseFloor})
	 * @param floorCheckpoints PostgreSQL's checkpoints during the floor's row
	 */
	record SubmitPath(List<SubmitRow> rows, SubmitLoad.Result floor, long floorCheckpoints) {

		/**
		 * @param row one of the rows
		 * @return its accepted submits per second against the floor's
		 */
		double ratio(SubmitRow row) {
			return row.service().acceptedPerSecond() / this.floor.acceptedPerSecond();
		}

	}

	/**
	 * @param page the page
	 * @param baseOptions the run's job options
	 * @param comparedOptions the options compared with them
	 * @param pairs pairs of jobs
	 * @param baseMs accepted → completed, with the run's options
	 * @param comparedMs accepted → completed, with the other options
	 * @param differenceMs within each pair, the other options' job less the run's
	 * @param baseStepMs mean time per status, with the run's options
	 * @param comparedStepMs mean time per status, with the other options
	 */
	record OptionsComparison(String page, String baseOptions, String comparedOptions, int pairs, Stats baseMs,
			Stats comparedMs, Stats differenceMs, Map<String, Double> baseStepMs, Map<String, Double> comparedStepMs) {
	}

	/**
	 * @param captures completed
	 * @param memory the worker tree's memory then
	 */
	record Sample(int captures, ProcessMemory memory) {
	}

	/**
	 * @param captures captures in all
	 * @param samples memory as the captures went
	 */
	record Soak(int captures, List<Sample> samples) {

		double rssGrowth() {
			return this.samples.get(this.samples.size() - 1).memory().rssMiB() / this.samples.get(0).memory().rssMiB()
					- 1;
		}

		double pssGrowth() {
			return this.samples.get(this.samples.size() - 1).memory().pssMiB() / this.samples.get(0).memory().pssMiB()
					- 1;
		}

	}

	/**
	 * @param captures jobs submitted
	 * @param hogs cores kept busy meanwhile
	 * @param seconds first submit to last outcome
	 * @param outcomes jobs by outcome: {@code completed} or the failed job's error code
	 * @param screenshotRetries screenshots the browser refused and the worker took again
	 * within the attempt
	 */
	record Stress(int captures, int hogs, double seconds, Map<String, Long> outcomes, long screenshotRetries) {

		long failed(String code) {
			return this.outcomes.getOrDefault(code, 0L);
		}

	}

}
