package dev.screenshots.benchmark;

import java.util.ArrayList;
import java.util.List;

/**
 * Busy threads that keep cores occupied, as another tenant of the machine would: the
 * stress phase captures while they spin, so the browser, the worker and the broker all
 * run short of CPU.
 */
final class CpuHog implements AutoCloseable {

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running = true;

	private CpuHog(int cores) {
		for (int i = 0; i < cores; i++) {
			Thread thread = Thread.ofPlatform().daemon().name("cpu-hog-" + i).unstarted(this::spin);
			this.threads.add(thread);
			thread.start();
		}
	}

	/**
	 * Starts the hog.
	 * @param cores how many cores to keep busy (threads that never sleep)
	 * @return the running hog
	 */
	static CpuHog start(int cores) {
		return new CpuHog(cores);
	}

	private void spin() {
		long sink = 0;
		while (this.running) {
			sink += System.nanoTime() % 7;
		}
		if (sink == 42) { // keeps the loop from being optimised away
			System.out.print("");
		}
	}

	@Override
	public void close() {
		this.running = false;
		for (Thread thread : this.threads) {
			try {
				thread.join(1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
