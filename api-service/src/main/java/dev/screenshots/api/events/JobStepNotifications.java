package dev.screenshots.api.events;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import dev.screenshots.api.system.DatabaseNotifications;

/**
 * Tells the parts of api-service that watch a job when it moved: the {@code job_steps}
 * channel ({@link DatabaseNotifications}) carries the job id whenever a transition of a
 * watched job commits (a trigger, migrations V7 and V14), whichever service or instance
 * wrote it. Watchers then read what changed from the database; a notification carries no
 * state. After a reconnect every watcher is told to read again, since notifications sent
 * meanwhile are lost. Watchers are called on the listener thread and must hand off
 * anything slow.
 * <p>
 * Only watched jobs are notified, since every NOTIFY serialises its transaction's commit
 * with all others that notify: the first watch of a job on this instance registers it in
 * {@code job_watches} before {@link #watch} returns, so the caller's next read of the job
 * sees every transition that was not notified to it. Registrations last {@link #LEASE}
 * and are extended every {@link #RENEW_MILLIS} while the job is watched here; a lapsed
 * one is removed by any instance. When a registration cannot be written (the database is
 * away) the watcher still has its periodic re-reads.
 */
@Component
public class JobStepNotifications {

	private static final Logger log = LoggerFactory.getLogger(JobStepNotifications.class);

	static final String CHANNEL = "job_steps";

	/** How long a registration lasts unless extended. */
	static final Duration LEASE = Duration.ofSeconds(60);

	/** {@link #LEASE} as PostgreSQL reads an interval. */
	private static final String LEASE_INTERVAL = LEASE.toSeconds() + " seconds";

	/**
	 * How often this instance extends the registrations of the jobs it watches, in ms.
	 */
	static final long RENEW_MILLIS = 20_000;

	private final DatabaseNotifications notifications;

	private final JdbcClient jdbc;

	private final TransactionTemplate ownTransaction;

	private final Map<UUID, Watched> watched = new ConcurrentHashMap<>();

	/**
	 * A job's watchers on this instance, and whether its registration is written: a
	 * second watcher waits for the first one's.
	 */
	private record Watched(Set<Runnable> callbacks, CompletableFuture<Void> registered) {

		Watched() {
			this(new CopyOnWriteArraySet<>(), new CompletableFuture<>());
		}

	}

	JobStepNotifications(DatabaseNotifications notifications, JdbcClient jdbc,
			PlatformTransactionManager transactions) {
		this.notifications = notifications;
		this.jdbc = jdbc;
		// a registration commits before the caller reads, whatever transaction it is in
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		notifications.subscribe(CHANNEL, this::dispatch, () -> notifyAll(this.watched.keySet()));
	}

	/**
	 * Calls {@code onChange} after every transition of the job, and after a reconnect.
	 * When this returns, every transition the caller's next read of the job does not see
	 * will be notified.
	 * @param jobId the job
	 * @param onChange what to do; runs on the listener thread
	 * @return closes the watch
	 */
	public AutoCloseable watch(UUID jobId, Runnable onChange) {
		boolean[] first = { false };
		Watched watched = this.watched.compute(jobId, (id, existing) -> {
			Watched result = (existing != null) ? existing : new Watched();
			first[0] = (existing == null);
			result.callbacks().add(onChange);
			return result;
		});
		if (first[0]) {
			try {
				register(jobId);
			}
			finally {
				watched.registered().complete(null);
			}
		}
		else {
			watched.registered().join();
		}
		// the registration stays until it lapses: by then the job has usually ended, and
		// a transition notified to nobody costs no more than it did before V14
		return () -> this.watched.computeIfPresent(jobId, (id, existing) -> {
			existing.callbacks().remove(onChange);
			return existing.callbacks().isEmpty() ? null : existing;
		});
	}

	/**
	 * Extends the registrations of the jobs watched here and removes lapsed ones.
	 */
	@Scheduled(fixedDelay = RENEW_MILLIS, initialDelay = RENEW_MILLIS)
	void renew() {
		try {
			Set<UUID> jobs = Set.copyOf(this.watched.keySet());
			if (!jobs.isEmpty()) {
				// the same row watch_job writes, without its lock: these jobs are
				// registered
				// already, and one lock per job held for the whole statement could
				// deadlock
				// with a transaction that moves several jobs
				this.jdbc
					.sql("INSERT INTO job_watches (job_id, expires_at) SELECT id, now() + :lease::interval"
							+ " FROM unnest(:ids::uuid[]) AS id ON CONFLICT (job_id) DO UPDATE"
							+ " SET expires_at = greatest(job_watches.expires_at, EXCLUDED.expires_at)")
					.param("lease", LEASE_INTERVAL)
					.param("ids", jobs.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}")))
					.update();
			}
			this.jdbc.sql("DELETE FROM job_watches WHERE expires_at < now()").update();
		}
		catch (DataAccessException ex) {
			log.warn("Could not renew the watches of {} jobs: {}", this.watched.size(), ex.getMessage());
		}
	}

	private void register(UUID jobId) {
		try {
			this.ownTransaction
				.executeWithoutResult((status) -> this.jdbc.sql("SELECT watch_job(:job, :lease::interval)")
					.param("job", jobId)
					.param("lease", LEASE_INTERVAL)
					.query((rs, row) -> 1)
					.list());
		}
		catch (DataAccessException ex) {
			log.warn("Could not register the watch of job {}; relying on re-reads: {}", jobId, ex.getMessage());
		}
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
			Watched watched = this.watched.get(jobId);
			for (Runnable watcher : (watched != null) ? watched.callbacks() : Set.<Runnable>of()) {
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
