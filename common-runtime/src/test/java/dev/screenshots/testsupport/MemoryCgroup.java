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
			Files.writeString(dir.resolve("memory.move_charge_at_immigrate"), "0");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot make the cgroup " + dir, ex);
		}
		return new MemoryCgroup(dir);
	}

	/**
	 * Moves running processes into this cgroup (each with its threads; a process that has
	 * ended meanwhile is passed over). What they hold stays charged where it was (cgroup
	 * v1 moves no charge: {@code memory.move_charge_at_immigrate} is 0, as
	 * {@link #create} sets it): only what they take from now on counts against this
	 * cgroup's limit. So the cgroup holds next to no page cache the kernel could reclaim,
	 * and when its processes outgrow the limit the kernel kills one of them at once,
	 * instead of the group stalling while the kernel evicts and reloads the processes'
	 * own code (why a cgroup the worker started in did not make a reliable test,
	 * docs/reliability.md). Only processes in the cgroup can be the one killed. Children
	 * they start later are born here.
	 * @param processes the processes
	 */
	public void moveIn(List<ProcessHandle> processes) {
		for (ProcessHandle process : processes) {
			try {
				Files.writeString(this.dir.resolve("cgroup.procs"), String.valueOf(process.pid()));
			}
			catch (IOException ex) {
				if (process.isAlive()) {
					throw new UncheckedIOException("Cannot move " + process.pid() + " into " + this.dir, ex);
				}
			}
		}
	}

	/**
	 * @return the pids of the processes in this cgroup
	 */
	public List<Long> processes() {
		return read("cgroup.procs").lines().filter((line) -> !line.isBlank()).map(Long::valueOf).toList();
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

	/**
	 * Kills what is left in the cgroup (a killed worker's drivers, say), then removes it.
	 */
	@Override
	public void close() {
		try {
			for (int round = 0; round < 50 && !processes().isEmpty(); round++) {
				processes().forEach((pid) -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
				Thread.sleep(100);
			}
			limit(-1);
			Files.deleteIfExists(this.dir);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException | UncheckedIOException ex) {
			// a process that would not die keeps it: the machine's next boot removes it
		}
	}

}
