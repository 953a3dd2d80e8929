package dev.screenshots.runtime.support;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.beans.factory.DisposableBean;

/**
 * A bean that runs tasks on named virtual threads, for work that waits on the database,
 * the broker or the object store rather than on the CPU. Closed when the context is
 * destroyed, after the lifecycle stopped, so work a shutdown lets finish can finish.
 * Subclasses name the use. Not itself an {@link Executor} bean, so that it does not
 * replace Spring Boot's application task executor.
 */
public abstract class VirtualThreadExecutor implements DisposableBean {

	private final ExecutorService executor;

	/**
	 * @param threadPrefix the threads' names, numbered from 0
	 */
	protected VirtualThreadExecutor(String threadPrefix) {
		this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(threadPrefix, 0).factory());
	}

	/**
	 * The executor.
	 * @return one virtual thread per task
	 */
	public Executor executor() {
		return this.executor;
	}

	@Override
	public void destroy() {
		this.executor.close();
	}

}
