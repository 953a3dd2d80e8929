package dev.screenshots.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import dev.screenshots.testsupport.Closeables;
import dev.screenshots.testsupport.MemoryCgroup;
import dev.screenshots.testsupport.SubmittedJobs;
import dev.screenshots.testsupport.SystemUnderTest;
import dev.screenshots.testsupport.TestInfrastructure;
import dev.screenshots.testsupport.TestPages;
import dev.screenshots.testsupport.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker killed by the kernel's OOM killer, as a container's memory limit kills a
 * worker that outgrows it. While 20 jobs flow, the worker's JVM moves into a memory
 * cgroup that lets it take {@link #MARGIN} more than it holds, and a capture of a page of
 * noise (a PNG of about 45 MB, which the JVM receives from the browser host, decodes and
 * stores) outgrows it; only a process in the cgroup can be the one the kernel kills. A
 * new worker takes the jobs over, and every job ends completed with one image. (The
 * worker has no other process of its own to lose: its slots speak to the browser host
 * without a Playwright driver; the host's server lost is in
 * {@code BrowserKillIntegrationTests}.) Runs where the machine lets the tests make memory
 * cgroups (cgroup v1's memory controller, writable, no swap).
 */
@EnabledIf("dev.screenshots.testsupport.MemoryCgroup#available")
class WorkerOomKillIntegrationTests {

	/** What the worker may take beyond what it holds when it moves into the cgroup. */
	static final long MARGIN = 96L << 20;

	/**
	 * 1280 × 12,000 pixels of noise: a PNG of about 45 MB, that no encoder can shrink.
	 */
	static final String NOISE = """
			<!doctype html><html><head><style>html,body{margin:0}canvas{display:block}</style></head><body>
			<canvas id='noise' width='1280' height='12000'></canvas>
			<script>
			  const canvas = document.getElementById('noise');
			  const context = canvas.getContext('2d');
			  const image = context.createImageData(canvas.width, canvas.height);
			  // getRandomValues fills at most 65,536 bytes a call
			  for (let i = 0; i < image.data.length; i += 65536) {
			    crypto.getRandomValues(new Uint8Array(image.data.buffer, i, Math.min(65536, image.data.length - i)));
			  }
			  for (let i = 3; i < image.data.length; i += 4) image.data[i] = 255;
			  context.putImageData(image, 0, 0);
			</script></body></html>""";

	// a short lease, so that the killed worker's job is taken back soon (as in
	// FaultToleranceIntegrationTests)
	static final Map<String, String> WORKER = Map.of("capture.browser.pool-size", "2", "capture.worker.lease",
			Waits.scaledMillis(Duration.ofSeconds(3)), "capture.worker.heartbeat-interval", "1s",
			"capture.worker.reaper-interval", "1s", "capture.retry.delays", "500ms,1s");

	static TestInfrastructure infrastructure;

	static TestPages pages;

	MemoryCgroup cgroup;

	SystemUnderTest system;

	@BeforeAll
	static void start() {
		infrastructure = TestInfrastructure.create();
		pages = TestPages.start();
	}

	@AfterAll
	static void stop() {
		Closeables.closeAll(pages, infrastructure);
	}

	@AfterEach
	void stopSystem() {
		Closeables.closeAll(this.system, this.cgroup);
	}

	@Test
	void aWorkerKilledByItsMemoryLimitLosesNoJob() {
		SubmittedJobs jobs = startInCgroup("oom-jvm");
		ProcessHandle worker = ProcessHandle.of(this.system.worker().pid()).orElseThrow();

		List<String> ids = outgrowTheLimit(jobs, List.of(worker));
		Waits.await(Waits.MANY_JOBS).until(() -> !this.system.worker().isAlive());
		Instant fault = Instant.now();
		assertThat(this.cgroup.oomKills()).as("processes the kernel's OOM killer killed in the worker's cgroup")
			.isPositive();

		this.system.startWorker(WORKER);
		jobs.awaitEveryCompletedOnce(ids);
		report(jobs, "the worker's JVM killed, a new worker started", ids, fault);
	}

	private SubmittedJobs startInCgroup(String name) {
		this.cgroup = MemoryCgroup.create(name);
		this.system = new SystemUnderTest(name, infrastructure).startApi(Map.of()).startWorker(WORKER);
		return new SubmittedJobs(this.system, infrastructure);
	}

	/**
	 * Lets 20 small jobs flow, moves the processes into the cgroup limited to
	 * {@link #MARGIN} (so only they can be killed), and submits the noise capture.
	 */
	private List<String> outgrowTheLimit(SubmittedJobs jobs, List<ProcessHandle> processes) {
		String plain = pages.html("/oom-plain", TestPages.solidColour("rgb(30, 120, 60)"));
		String noise = pages.html("/oom-noise", NOISE);
		List<String> ids = new ArrayList<>(
				jobs.submit(20, "{\"url\":\"" + plain + "\",\"options\":{\"delayMs\":300}}"));
		jobs.awaitFlowing(ids);
		this.cgroup.limit(MARGIN);
		this.cgroup.moveIn(processes);
		assertThat(this.cgroup.processes()).as("the processes in the limited cgroup")
			.containsExactlyInAnyOrderElementsOf(processes.stream().map(ProcessHandle::pid).toList());
		ids.addAll(jobs.submit(1, "{\"url\":\"" + noise + "\",\"options\":{\"fullPage\":true}}"));
		return ids;
	}

	private void report(SubmittedJobs jobs, String what, List<String> ids, Instant fault) {
		// reported, not asserted (docs/reliability.md quotes it)
		System.out.printf("Recovery after the OOM kill (%s): first job completed %d ms after the kill%n", what,
				Duration.between(fault, jobs.firstCompletedAfter(ids, fault)).toMillis());
	}

}
