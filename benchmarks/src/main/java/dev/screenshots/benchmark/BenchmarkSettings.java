package dev.screenshots.benchmark;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.screenshots.benchmark.BenchmarkPages.Page;

/**
 * What one benchmark run does, from {@code --name=value} arguments.
 *
 * @param jobs jobs (and raw shots) per concurrency level ({@code --n}, default 300; 0
 * skips the throughput rows and the light load)
 * @param concurrency the pool sizes / raw threads P ({@code --concurrency}, default
 * 1,2,3)
 * @param pages the pages ({@code --pages}, default simple; also heavy, long)
 * @param warmup warm-up shots per raw thread ({@code --warmup}, default 5)
 * @param serviceWarmup jobs through the service before each row is timed, so that the
 * freshly started worker is measured warm, as a long-running worker is
 * ({@code --service-warmup}, default 150)
 * @param apiWarmup submits to the api-service before the rows, discarded, so that it is
 * measured warm ({@code --api-warmup}, default 2000)
 * @param lightJobs jobs submitted one at a time at P=1 for the light-load latency
 * ({@code --light-jobs}, default 30; 0 skips)
 * @param submitSeconds length of the submit-path load ({@code --submit-seconds}, default
 * 15; 0 skips)
 * @param submitConnections connections of the submit-path load
 * ({@code --submit-connections}, default 64)
 * @param submitKeys the numbers of API keys the submit-path load spreads its requests
 * over, one row each ({@code --submit-keys}, default 1,64)
 * @param soakCaptures captures of the memory soak at P=2 ({@code --soak-captures},
 * default 0 = none; the figure is 5000)
 * @param stressCaptures captures under CPU pressure at P=2 with one attempt per job
 * ({@code --stress-captures}, default 0 = none; the reliability figure is 2000 with
 * {@code --pages=simple,heavy,long})
 * @param stressHogs cores kept busy during the stress phase ({@code --stress-hogs},
 * default 1)
 * @param stateWriteSeconds length of the state-write load ({@link StateWriteLoad};
 * {@code --state-write-seconds}, default 0 = none)
 * @param stateWriteWorkers simulated workers of the state-write load
 * ({@code --state-write-workers}, default 64)
 * @param stateWriteConnections the connections the simulated workers share (to the
 * database, or to the pooler when there is one), as through a pooler in transaction mode
 * ({@code --state-write-connections}, default: one per worker; never more than the
 * workers)
 * @param stateWritePooler {@code host:port} of a pooler in transaction mode (PgBouncer)
 * the state-write load connects through instead of the database, or {@code null}
 * ({@code --state-write-pooler}, default none), optionally with JDBC parameters after a
 * {@code ?} ({@code ?prepareThreshold=0} for a pooler that keeps no prepared statements);
 * the pooler's own server pool then decides how many database connections serve the load
 * @param stateWriteNotify whether the state-write load's step inserts notify listeners,
 * as the service's do ({@code --state-write-notify}, default true; false measures what
 * the notifications cost)
 * @param stateWriteWatched whether each job of the state-write load is watched, as an
 * open event stream or {@code Prefer: wait} would register it, so that its transitions
 * notify ({@code --state-write-watched}, default false: nobody watches, as for clients
 * that poll or take webhooks)
 * @param results where the JSON results go ({@code --results}, default
 * benchmarks/results)
 * @param jobOptions capture options every job of the service gets, a JSON object
 * ({@code --job-options}, default none), e.g.
 * {@code --job-options={"blockAds":true,"blockTrackers":true}} to measure the blocking
 * flags
 * @param compareJobOptions other capture options to compare with {@code jobOptions} at
 * light load ({@code --compare-job-options}, default none): {@code lightJobs} pairs of
 * measured jobs one at a time, one of each pair with each set of options, the order
 * alternating so that the machine's drift weighs on both alike, each after an unmeasured
 * job with the same options
 */
record BenchmarkSettings(int jobs, List<Integer> concurrency, List<Page> pages, int warmup, int serviceWarmup,
		int apiWarmup, int lightJobs, int submitSeconds, int submitConnections, List<Integer> submitKeys,
		int soakCaptures, int stressCaptures, int stressHogs, int stateWriteSeconds, int stateWriteWorkers,
		int stateWriteConnections, String stateWritePooler, boolean stateWriteNotify, boolean stateWriteWatched,
		Path results, String jobOptions, String compareJobOptions) {

	private static final Set<String> NAMES = Set.of("n", "concurrency", "pages", "warmup", "service-warmup",
			"api-warmup", "light-jobs", "submit-seconds", "submit-connections", "submit-keys", "soak-captures",
			"stress-captures", "stress-hogs", "state-write-seconds", "state-write-workers", "state-write-connections",
			"state-write-pooler", "state-write-notify", "state-write-watched", "results", "job-options",
			"compare-job-options");

	static BenchmarkSettings parse(String... args) {
		Map<String, String> values = new HashMap<>();
		for (String arg : args) {
			if (!arg.startsWith("--") || !arg.contains("=")) {
				throw new IllegalArgumentException("arguments are --name=value; got " + arg);
			}
			String name = arg.substring(2, arg.indexOf('='));
			if (!NAMES.contains(name)) {
				throw new IllegalArgumentException("unknown argument --" + name + "; known: " + NAMES);
			}
			values.put(name, arg.substring(arg.indexOf('=') + 1));
		}
		int stateWriteWorkers = positive(values.getOrDefault("state-write-workers", "64"));
		return new BenchmarkSettings(Math.max(0, Integer.parseInt(values.getOrDefault("n", "300"))),
				Arrays.stream(values.getOrDefault("concurrency", "1,2,3").split(","))
					.map(BenchmarkSettings::positive)
					.toList(),
				Arrays.stream(values.getOrDefault("pages", "simple").split(",")).map(Page::of).toList(),
				Integer.parseInt(values.getOrDefault("warmup", "5")),
				Integer.parseInt(values.getOrDefault("service-warmup", "150")),
				Integer.parseInt(values.getOrDefault("api-warmup", "2000")),
				Integer.parseInt(values.getOrDefault("light-jobs", "30")),
				Integer.parseInt(values.getOrDefault("submit-seconds", "15")),
				positive(values.getOrDefault("submit-connections", "64")),
				Arrays.stream(values.getOrDefault("submit-keys", "1,64").split(","))
					.map(BenchmarkSettings::positive)
					.toList(),
				Integer.parseInt(values.getOrDefault("soak-captures", "0")),
				Integer.parseInt(values.getOrDefault("stress-captures", "0")),
				Integer.parseInt(values.getOrDefault("stress-hogs", "1")),
				Integer.parseInt(values.getOrDefault("state-write-seconds", "0")), stateWriteWorkers,
				Math.min(stateWriteWorkers,
						positive(values.getOrDefault("state-write-connections", String.valueOf(stateWriteWorkers)))),
				values.getOrDefault("state-write-pooler", "").isBlank() ? null : values.get("state-write-pooler"),
				Boolean.parseBoolean(values.getOrDefault("state-write-notify", "true")),
				Boolean.parseBoolean(values.getOrDefault("state-write-watched", "false")),
				Path.of(values.getOrDefault("results", "benchmarks/results")), values.getOrDefault("job-options", "{}"),
				values.get("compare-job-options"));
	}

	private static int positive(String value) {
		int number = Integer.parseInt(value.trim());
		if (number < 1) {
			throw new IllegalArgumentException("expected a positive number, got " + value);
		}
		return number;
	}

}
