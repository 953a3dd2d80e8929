package dev.screenshots.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.screenshots.testsupport.BrowserHost;

/**
 * The memory of a process and all its descendants, and of the browser host's tree (for
 * the worker: the JVM, and the host's server and the Chromium processes it launched for
 * the worker), read from {@code /proc}.
 *
 * <p>
 * RSS counts pages shared between processes (Chromium's processes share much of their
 * code) once per process, so the RSS sum overstates the real footprint; PSS divides
 * shared pages among the processes sharing them and sums to what the tree really holds,
 * which is close to what a container's memory limit is charged.
 *
 * @param processes how many processes were read
 * @param rssMiB the sum of their resident set sizes
 * @param pssMiB the sum of their proportional set sizes
 * @param jvmRssMiB the root process's resident set size alone
 */
record ProcessMemory(int processes, double rssMiB, double pssMiB, double jvmRssMiB) {

	static ProcessMemory of(long pid) {
		ProcessHandle root = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no process " + pid));
		List<Long> pids = new ArrayList<>();
		pids.add(pid);
		root.descendants().forEach((child) -> pids.add(child.pid()));
		ProcessHandle host = BrowserHost.get().server();
		pids.add(host.pid());
		host.descendants().forEach((child) -> pids.add(child.pid()));
		long rss = 0;
		long pss = 0;
		int read = 0;
		long jvm = 0;
		for (long each : pids) {
			long[] kib = read(each);
			if (kib != null) {
				read++;
				rss += kib[0];
				pss += kib[1];
				if (each == pid) {
					jvm = kib[0];
				}
			}
		}
		return new ProcessMemory(read, rss / 1024.0, pss / 1024.0, jvm / 1024.0);
	}

	/**
	 * {@code [rss, pss]} in KiB from smaps_rollup, or {@code null} if the process ended.
	 */
	private static long[] read(long pid) {
		try (Stream<String> lines = Files.lines(Path.of("/proc", String.valueOf(pid), "smaps_rollup"))) {
			long[] kib = new long[2];
			lines.forEach((line) -> {
				if (line.startsWith("Rss:")) {
					kib[0] = kibibytes(line);
				}
				else if (line.startsWith("Pss:")) {
					kib[1] = kibibytes(line);
				}
			});
			return kib;
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	private static long kibibytes(String line) {
		return Long.parseLong(line.replaceAll("[^0-9]", ""));
	}

}
