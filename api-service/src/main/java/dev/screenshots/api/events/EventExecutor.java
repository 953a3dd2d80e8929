package dev.screenshots.api.events;

import org.springframework.stereotype.Component;

import dev.screenshots.runtime.support.VirtualThreadExecutor;

/**
 * Runs what a job transition sets off (reading the new events, writing them to a stream)
 * off the notification listener's thread.
 */
@Component
class EventExecutor extends VirtualThreadExecutor {

	EventExecutor() {
		super("job-events-");
	}

}
