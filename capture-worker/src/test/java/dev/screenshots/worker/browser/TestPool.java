package dev.screenshots.worker.browser;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.screenshots.worker.blocking.BlockingRules;
import dev.screenshots.runtime.security.UrlPolicy;
import dev.screenshots.testsupport.BrowserHost;
import dev.screenshots.testsupport.Browsers;
import dev.screenshots.testsupport.Waits;

/**
 * A one-slot browser pool on the machine's Chromium for the browser package's integration
 * tests, and a way to run work in one fresh sandbox of it.
 */
final class TestPool {

	private TestPool() {
	}

	/**
	 * Starts a pool of one slot.
	 * @param policy the URL policy of its sandboxes
	 * @return the started pool; the caller stops it
	 */
	static BrowserPool start(UrlPolicy policy) {
		BrowserPool pool = new BrowserPool(
				new BrowserProperties(1, Browsers.chromium(), 100, Waits.scaled(Waits.MOMENT), List.of(), true,
						java.net.URI.create(BrowserHost.get().endpoint()), false),
				policy, new BlockingRules(), new SimpleMeterRegistry());
		pool.start();
		return pool;
	}

	/**
	 * Runs work in a new sandbox of the pool and closes it.
	 * @param pool the pool
	 * @param spec the sandbox
	 * @param work what to do in it
	 * @return what the work returned
	 * @throws Exception what the work threw, wrapped by the pool's future
	 */
	static <T> T run(BrowserPool pool, SandboxSpec spec, Function<Sandbox, T> work) throws Exception {
		return pool.submit((sandboxes) -> {
			try (Sandbox sandbox = sandboxes.open(spec)) {
				return work.apply(sandbox);
			}
		}).get(Waits.scaled(Waits.ONE_JOB).toMillis(), TimeUnit.MILLISECONDS);
	}

}
