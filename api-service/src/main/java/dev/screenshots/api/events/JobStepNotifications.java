package dev.screenshots.api.events;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import dev.screenshots.api.system.DatabaseNotifications;

/**
 * Tells the parts of api-service that watch a job when it moved: the {@code job_steps}
 * channel ({@link DatabaseNotifications}) carries the job id whenever a transition
 * commits (a trigger, migration V7), whichever service or instance wrote it. Watchers
 * then read what changed from the database; a notification carries no state. After a
 * reconnect every watcher is told to read again, since notifications sent meanwhile are
 * lost. Watchers are called on the listener thread and must hand off anything slow.
 */
@Component
public class JobStepNotifications {

	private static final Logger log = LoggerFactory.getLogger(JobStepNotifications.class);

	static final String CHANNEL = "job_steps";

	private final DatabaseNotifications notifications;

	private final Map<UUID, Set<Runnable>> watchers = new ConcurrentHashMap<>();

	JobStepNotifications(DatabaseNotifications notifications) {
		this.notifications = notifications;
		notifications.subscribe(CHANNEL, this::dispatch, () -> notifyAll(this.watchers.keySet()));
	}

	/**
	 * Calls {@code onChange} after every transition of the job, and after a reconnect.
	 * @param jobId the job
	 * @param onChange what to do; runs on the listener thread
	 * @return closes the watch
	 */
	public AutoCloseable watch(UUID jobId, Runnable onChange) {
		this.watchers.computeIfAbsent(jobId, (id) -> new CopyOnWriteArraySet<>()).add(onChange);
		return () -> this.watchers.computeIfPresent(jobId, (id, set) -> {
			set.remove(onChange);
			return set.isEmpty() ? null : set;
		});
	}

	/**
	 * Whether notifications arrive; while they do not, watchers fall back on their own
	 * periodic reads.
	 * @return connected and listening
	 */
	public boolean isListening() {
		return this.notifications.isListening();
	}

	private void dispatch(String payload) {
		try {
			notifyAll(Set.of(UUID.fromString(payload)));
		}
		catch (IllegalArgumentException ex) {
			log.debug("Ignoring a job_steps notification that is not a job id: {}", payload);
		}
	}

	private void notifyAll(Set<UUID> jobIds) {
		for (UUID jobId : jobIds) {
			for (Runnable watcher : this.watchers.getOrDefault(jobId, Set.of())) {
				try {
					watcher.run();
				}
				catch (RuntimeException ex) {
					log.warn("A watcher of job {} failed", jobId, ex);
				}
			}
		}
	}

}
