package dev.screenshots.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A memory cgroup (cgroup v1's memory controller, as these machines have it, writable as
 * root) to run a process under a memory limit, so that the kernel's OOM killer, not a
 * test, ends it: what a container's memory limit does to a worker that outgrows it.
 */
public final class MemoryCgroup implements AutoCloseable {

	private static final Path ROOT = Path.of("/sys/fs/cgroup/memory");

	private final Path dir;

	private MemoryCgroup(Path dir) {
		this.dir = dir;
	}

	/**
	 * @return whether this machine lets the tests make memory cgroups (cgroup v1's memory
	 * controller, writable; no swap, which would page the process out instead)
	 */
	public static boolean available() {
		return Files.isWritable(ROOT.resolve("cgroup.procs")) && Files.exists(ROOT.resolve("memory.oom_control"))
				&& noSwap();
	}

	private static boolean noSwap() {
		try {
			return Files.readAllLines(Path.of("/proc/swaps")).size() <= 1;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Makes a new cgroup without a limit.
	 * @param name part of its directory name
	 * @return the cgroup; closing it removes it (once its processes are gone)
	 */
	public static MemoryCgroup create(String name) {
		Path dir = ROOT.resolve("screenshots-test-" + name + "-" + ProcessHandle.current().pid());
		try {
			Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot make the cgroup " + dir, ex);
		}
		return new MemoryCgroup(dir);
	}

	/**
	 * Moves a running process and its descendants (their threads with them) into this
	 * cgroup. What they hold stays charged where it was (cgroup v1 moves no charge unless
	 * told to): only what they take from now on counts against this cgroup's limit. So
	 * the cgroup holds next to no page cache the kernel could reclaim, and a process that
	 * outgrows the limit is killed at once, instead of the whole group stalling while the
	 * kernel evicts and reloads the processes' own code (the reason a cgroup the process
	 * started in did not make a reliable test, docs/reliability.md). Children started
	 * later are born here.
	 * @param process the process
	 */
	public void moveIn(ProcessHandle process) {
		write("cgroup.procs", String.valueOf(process.pid()));
		process.descendants().forEach((descendant) -> write("cgroup.procs", String.valueOf(descendant.pid())));
	}

	/**
	 * @return the pids of the processes in this cgroup
	 */
	public List<Long> processes() {
		return read("cgroup.procs").lines().filter((line) -> !line.isBlank()).map(Long::valueOf).toList();
	}

	/**
	 * @return the memory charged to the cgroup now (what its processes took since they
	 * came in, and the page cache they brought in since)
	 */
	public long usage() {
		return Long.parseLong(read("memory.usage_in_bytes"));
	}

	/**
	 * Sets the limit; the kernel first reclaims what it can (page cache) and refuses a
	 * limit below what the cgroup holds.
	 * @param bytes the limit
	 */
	public void limit(long bytes) {
		write("memory.limit_in_bytes", String.valueOf(bytes));
	}

	/**
	 * Tells the OOM killer whom to prefer when the cgroup runs out
	 * ({@code /proc/<pid>/oom_score_adj}): 1000 makes the process the first victim.
	 * Children started later inherit it. (Lowering a score needs
	 * {@code CAP_SYS_RESOURCE}, which the test machines do not grant.)
	 * @param pid the process
	 * @param adjustment from the process's current score to 1000
	 */
	public static void adjustOomScore(long pid, int adjustment) {
		try {
			Files.writeString(Path.of("/proc/" + pid + "/oom_score_adj"), String.valueOf(adjustment));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot adjust the OOM score of " + pid, ex);
		}
	}

	/**
	 * @return how many processes of the cgroup the kernel's OOM killer has killed
	 */
	public long oomKills() {
		return read("memory.oom_control").lines()
			.filter((line) -> line.startsWith("oom_kill "))
			.mapToLong((line) -> Long.parseLong(line.substring("oom_kill ".length()).strip()))
			.findFirst()
			.orElse(0);
	}

	private String read(String file) {
		try {
			return Files.readString(this.dir.resolve(file)).strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void write(String file, String value) {
		try {
			Files.writeString(this.dir.resolve(file), value);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + value + " to " + this.dir.resolve(file), ex);
		}
	}

	@Override
	public void close() {
		try {
			limit(-1);
			Files.deleteIfExists(this.dir);
		}
		catch (IOException | UncheckedIOException ex) {
			// a process still inside keeps it: the machine's next boot removes it
		}
	}

}
