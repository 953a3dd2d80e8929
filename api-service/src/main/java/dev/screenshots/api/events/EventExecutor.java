package dev.screenshots.api.events;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs what a job transition sets off (reading the new events, writing them to a stream)
 * off the notification listener's thread, on virtual threads. Not an {@link Executor}
 * bean itself, so that it does not replace Spring Boot's task executor.
 */
@Component
class EventExecutor implements DisposableBean {

	private final ExecutorService executor = Executors
		.newThreadPerTaskExecutor(Thread.ofVirtual().name("job-events-", 0).factory());

	Executor executor() {
		return this.executor;
	}

	@Override
	public void destroy() {
		this.executor.close();
	}

}
