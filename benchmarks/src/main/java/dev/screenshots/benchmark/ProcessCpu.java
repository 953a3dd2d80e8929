package dev.screenshots.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time spent by every process on the machine between two snapshots, grouped by what
 * the process is, read from {@code /proc/<pid>/stat}. On a machine where Chromium, the
 * services and their infrastructure share two cores, the CPU each of them burns per
 * capture is what the throughput ratio is made of.
 *
 * <p>
 * Groups: {@code chromium} of either the raw loop or the worker, {@code driver} (the raw
 * loop's Playwright drivers, node), {@code browser-host} (the worker's: Playwright's
 * server on the browser host), {@code worker-jvm}, {@code api-jvm},
 * {@code benchmark-jvm}, {@code postgres}, {@code rabbitmq}, {@code s3} (the S3Mock
 * process), {@code wrk} and {@code other}. A process's time includes that of its children
 * that ended and were reaped, so a Chromium renderer that lived between the snapshots is
 * counted with the process that started it (a child that was already running at the first
 * snapshot is counted a little twice; renderers live for one capture, so that is small).
 * Processes are told apart by pid and start time, so a pid the kernel reused between the
 * snapshots counts as a new process.
 */
final class ProcessCpu {

	private static final double TICK_MS = 10; // USER_HZ is 100 on Linux

	/** By process: pid and start time. */
	private final Map<String, Long> ticks;

	private final Map<String, String> groups;

	private ProcessCpu(Map<String, Long> ticks, Map<String, String> groups) {
		this.ticks = ticks;
		this.groups = groups;
	}

	/**
	 * Reads every process now.
	 * @param apiPid the api-service's pid, or 0
	 * @param workerPid the capture-worker's pid, or 0
	 * @return the snapshot
	 */
	static ProcessCpu snapshot(long apiPid, long workerPid) {
		Map<String, Long> ticks = new HashMap<>();
		Map<String, String> groups = new HashMap<>();
		try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
			entries.filter((path) -> path.getFileName().toString().chars().allMatch(Character::isDigit))
				.forEach((path) -> {
					long pid = Long.parseLong(path.getFileName().toString());
					String[] stat = stat(path);
					if (stat != null) {
						// [0] command, [1] state, …, [12] utime, [13] stime, [14] cutime,
						// [15] cstime: with the children's time, the short-lived
						// renderers (one per capture) are counted once their parent
						// reaped them; [20] start time
						String process = pid + "/" + stat[20];
						ticks.put(process, Long.parseLong(stat[12]) + Long.parseLong(stat[13])
								+ Long.parseLong(stat[14]) + Long.parseLong(stat[15]));
						groups.put(process, group(pid, stat[0], apiPid, workerPid));
					}
				});
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read /proc", ex);
		}
		return new ProcessCpu(ticks, groups);
	}

	/**
	 * Waits long enough for processes that just ended (a database's backends whose
	 * connections were closed) to be reaped by their parent: until then a snapshot may
	 * count such a process's time under its own pid and, read a moment later, under its
	 * parent's children's time too, or under neither.
	 */
	static void awaitReaped() {
		try {
			Thread.sleep(500);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Milliseconds of CPU per group since {@code before}, divided by {@code per}.
	 * @param before the earlier snapshot
	 * @param per what to divide by (jobs or shots)
	 * @return CPU ms per unit by group, largest first, with a {@code total}
	 */
	Map<String, Double> since(ProcessCpu before, long per) {
		Map<String, Double> sums = new TreeMap<>();
		this.ticks.forEach((process, now) -> {
			long delta = now - before.ticks.getOrDefault(process, 0L);
			if (delta > 0) {
				sums.merge(this.groups.get(process), delta * TICK_MS / per, Double::sum);
			}
		});
		Map<String, Double> sorted = new LinkedHashMap<>();
		sums.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Double>comparingByValue().reversed())
			.forEach((entry) -> sorted.put(entry.getKey(), entry.getValue()));
		sorted.put("total", sums.values().stream().mapToDouble(Double::doubleValue).sum());
		return sorted;
	}

	/** {@code [command, state, ppid, ...]}: the fields of /proc/pid/stat. */
	private static String[] stat(Path process) {
		try {
			String line = Files.readString(process.resolve("stat"), StandardCharsets.UTF_8);
			int open = line.indexOf('(');
			int close = line.lastIndexOf(')');
			String[] rest = line.substring(close + 2).split(" ");
			String[] fields = new String[rest.length + 1];
			fields[0] = line.substring(open + 1, close);
			System.arraycopy(rest, 0, fields, 1, rest.length);
			return fields;
		}
		catch (IOException | RuntimeException ex) {
			return null; // ended meanwhile
		}
	}

	private static String group(long pid, String command, long apiPid, long workerPid) {
		if (pid == ProcessHandle.current().pid()) {
			return "benchmark-jvm";
		}
		if (pid == apiPid) {
			return "api-jvm";
		}
		if (pid == workerPid) {
			return "worker-jvm";
		}
		if (command.equals("wrk")) {
			return "wrk";
		}
		if (command.equals("node") || command.equals("MainThread")) {
			String line = commandLine(pid);
			// the worker's browsers come from Playwright's server on the browser host,
			// run as another user, which the raw loop does not have
			if (line.contains("run-server")) {
				return "browser-host";
			}
			if (command.equals("node") || line.contains("run-driver")) {
				return "driver";
			}
		}
		if (command.contains("chrom") || command.contains("headless")) {
			return "chromium";
		}
		if (command.startsWith("postgres")) {
			return "postgres";
		}
		if (command.startsWith("beam") || command.startsWith("erl") || command.equals("epmd")
				|| command.equals("inet_gethost")) {
			return "rabbitmq";
		}
		if (command.equals("java") && commandLine(pid).contains("s3mock")) {
			return "s3";
		}
		return "other";
	}

	private static String commandLine(long pid) {
		try {
			return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")),
					StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
	}

}
