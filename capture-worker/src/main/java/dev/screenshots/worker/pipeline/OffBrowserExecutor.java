package dev.screenshots.worker.pipeline;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs the pipeline's work off the browser slots: transition writes and the steps after
 * the capture. Virtual threads, since that work waits on the database and the object
 * store, not on the CPU. Closed when the context is destroyed, after the lifecycle
 * stopped, so the jobs that a shutdown lets finish can still finish.
 *
 * <p>
 * Not itself an {@link Executor} bean, so that it does not replace Spring Boot's
 * application task executor.
 */
@Component
public class OffBrowserExecutor implements DisposableBean {

	private final ExecutorService executor = Executors
		.newThreadPerTaskExecutor(Thread.ofVirtual().name("pipeline-", 0).factory());

	public Executor executor() {
		return this.executor;
	}

	@Override
	public void destroy() {
		this.executor.close();
	}

}
