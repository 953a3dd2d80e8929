package dev.screenshots.worker.fleet;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.screenshots.worker.browser.BrowserPool;
import dev.screenshots.worker.pipeline.InFlightJobs;
import dev.screenshots.worker.pipeline.JobStateStore;
import dev.screenshots.worker.system.WorkerProperties;

/**
 * Keeps this worker's row in the {@code workers} table (idle or busy, current jobs, pool
 * size) and renews the leases of the jobs it runs, every
 * {@code capture.worker.heartbeat-interval}. On shutdown, after in-flight jobs were
 * finished or handed back, it marks the worker offline.
 */
@Component
class WorkerHeartbeat extends PeriodicTask {

	private static final Logger log = LoggerFactory.getLogger(WorkerHeartbeat.class);

	/** Starts before the pool and the consumer, stops after them. */
	static final int PHASE = Integer.MAX_VALUE - 3000;

	private final JdbcClient jdbc;

	private final JobStateStore store;

	private final InFlightJobs inFlight;

	private final BrowserPool pool;

	private final WorkerProperties worker;

	WorkerHeartbeat(JdbcClient jdbc, JobStateStore store, InFlightJobs inFlight, BrowserPool pool,
			WorkerProperties worker) {
		super("worker-heartbeat");
		this.jdbc = jdbc;
		this.store = store;
		this.inFlight = inFlight;
		this.pool = pool;
		this.worker = worker;
	}

	@Override
	Duration interval() {
		return this.worker.heartbeatInterval();
	}

	@Override
	public void start() {
		this.jdbc
			.sql("""
					INSERT INTO workers (id, host, pid, status, pool_size, started_at, last_heartbeat_at)
					VALUES (:id, :host, :pid, 'idle', :poolSize, :now, now())
					ON CONFLICT (id) DO UPDATE SET host = EXCLUDED.host, pid = EXCLUDED.pid, status = 'idle',
					    pool_size = EXCLUDED.pool_size, busy_slots = 0, current_jobs = '{}', started_at = EXCLUDED.started_at,
					    last_heartbeat_at = now(), stopped_at = NULL
					""")
			.param("id", this.worker.id())
			.param("host", WorkerProperties.hostname())
			.param("pid", ProcessHandle.current().pid())
			.param("poolSize", this.pool.size())
			.param("now", OffsetDateTime.now(ZoneOffset.UTC))
			.update();
		log.info("Worker {} registered", this.worker.id());
		super.start();
	}

	@Override
	void tick() {
		List<UUID> jobs = this.inFlight.ids();
		this.store.renewLeases(jobs);
		this.jdbc.sql("""
				UPDATE workers SET status = :status, busy_slots = :busy, current_jobs = CAST(:jobs AS uuid[]),
				    pool_size = :poolSize, last_heartbeat_at = now()
				WHERE id = :id
				""")
			.param("id", this.worker.id())
			.param("status", jobs.isEmpty() ? "idle" : "busy")
			.param("busy", this.pool.busy())
			.param("jobs", jobs.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}")))
			.param("poolSize", this.pool.size())
			.update();
	}

	@Override
	public void stop() {
		super.stop();
		try {
			this.jdbc.sql("""
					UPDATE workers SET status = 'offline', busy_slots = 0, current_jobs = '{}', stopped_at = now()
					WHERE id = :id
					""").param("id", this.worker.id()).update();
		}
		catch (RuntimeException ex) {
			log.warn("Could not mark worker {} offline: {}", this.worker.id(), ex.toString());
		}
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
