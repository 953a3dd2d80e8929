package dev.screenshots.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.screenshots.runtime.messaging.CaptureTopology;
import dev.screenshots.testsupport.JavaProcess;
import dev.screenshots.testsupport.Ports;
import dev.screenshots.testsupport.ProjectFiles;
import dev.screenshots.testsupport.TestDatabase;
import dev.screenshots.testsupport.TestInfrastructure;

/**
 * The service as a user meets it: api-service and one capture-worker started from their
 * jars, with the JVM options of the Kubernetes manifests (docs/deploy), on their own
 * database, vhost and bucket. Rate and in-flight limits are lifted so that they do not
 * throttle the load.
 */
final class ServiceUnderTest implements AutoCloseable {

	static final String KEY = "ssk_BenchmarkKey000000000000000000000";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final TestInfrastructure infrastructure;

	private final Path apiJar;

	private final Path workerJar;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private JavaProcess api;

	private int apiPort;

	private JavaProcess worker;

	private int workerPort;

	private int workers;

	private final String jobOptions;

	/**
	 * @param apiJar the api-service to run
	 * @param workerJar the capture-worker to run
	 * @param jobOptions the capture options every job gets, a JSON object
	 */
	ServiceUnderTest(Path apiJar, Path workerJar, String jobOptions) {
		this.infrastructure = TestInfrastructure.create();
		this.apiJar = apiJar;
		this.workerJar = workerJar;
		this.jobOptions = jobOptions;
	}

	ServiceUnderTest startApi() {
		this.apiPort = Ports.freePort();
		Map<String, String> properties = new HashMap<>();
		properties.put("server.port", String.valueOf(this.apiPort));
		properties.put("api.keys.bootstrap-admin-key", KEY);
		properties.put("api.rate-limits.submits-per-minute", "1000000");
		properties.put("api.rate-limits.burst", "1000000");
		properties.put("api.rate-limits.max-in-flight", "10000000");
		this.api = JavaProcess
			.of("benchmark-api-service", this.apiJar, jvm(List.of("-Xmx512m"), "benchmark.api.jvm"), List.of(),
					this.infrastructure.environment(properties, Map.of()))
			.start()
			.awaitHttpOk(apiUrl() + "/actuator/health", Duration.ofSeconds(120));
		return this;
	}

	ServiceUnderTest startWorker(int poolSize) {
		return startWorker(poolSize, Map.of());
	}

	/**
	 * Starts a capture-worker.
	 * @param poolSize its browser slots
	 * @param settings further properties, e.g. {@code capture.retry.max-attempts}
	 */
	ServiceUnderTest startWorker(int poolSize, Map<String, String> settings) {
		int port = Ports.freePort();
		Map<String, String> properties = new HashMap<>(settings);
		properties.put("server.port", String.valueOf(port));
		properties.put("capture.browser.pool-size", String.valueOf(poolSize));
		// as in production: the filter lists are read at start-up, not by the first job
		properties.put("capture.blocking.preload", "true");
		this.workerPort = port;
		this.workers++;
		this.worker = JavaProcess
			.of("benchmark-capture-worker-" + this.workers, this.workerJar,
					jvm(List.of("-Xmx768m", "@" + ProjectFiles.workerJvmOptions()), "benchmark.worker.jvm"), List.of(),
					this.infrastructure.environment(properties, Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))
			.start()
			.awaitHttpOk("http://127.0.0.1:" + port + "/actuator/health", Duration.ofSeconds(120));
		return this;
	}

	void stopWorker() {
		if (this.worker != null) {
			this.worker.stop(Duration.ofSeconds(60));
			this.worker = null;
		}
	}

	long apiPid() {
		return this.api.pid();
	}

	long workerPid() {
		return this.worker.pid();
	}

	String apiUrl() {
		return "http://127.0.0.1:" + this.apiPort;
	}

	/**
	 * Submits a job.
	 * @return its id
	 */
	UUID submit(String url, boolean fullPage) {
		return submit(url, fullPage, this.jobOptions);
	}

	/**
	 * Submits a job with other options than the run's.
	 * @param jobOptions its capture options, a JSON object
	 * @return its id
	 */
	UUID submit(String url, boolean fullPage, String jobOptions) {
		tools.jackson.databind.node.ObjectNode options = (tools.jackson.databind.node.ObjectNode) JSON
			.readTree(jobOptions);
		if (fullPage) {
			options.put("fullPage", true);
		}
		tools.jackson.databind.node.ObjectNode request = JSON.createObjectNode().put("url", url);
		request.set("options", options);
		JsonNode job = post("/screenshots", request.toString(), 202);
		return UUID.fromString(job.path("id").asString());
	}

	/**
	 * POSTs JSON with the admin key and answers the JSON, if the status is as expected.
	 */
	private JsonNode post(String path, String body, int expected) {
		HttpRequest post = HttpRequest.newBuilder(URI.create(apiUrl() + path))
			.header("Authorization", "Bearer " + KEY)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		try {
			HttpResponse<String> response = this.http.send(post, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != expected) {
				throw new IllegalStateException(
						"POST " + path + " answered " + response.statusCode() + ": " + response.body());
			}
			return JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Submits {@code count} jobs from a few client threads, as fast as they are accepted.
	 */
	List<UUID> submitAll(String url, boolean fullPage, int count) {
		try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
			List<Future<UUID>> ids = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				ids.add(clients.submit(() -> submit(url, fullPage)));
			}
			List<UUID> result = new ArrayList<>();
			for (Future<UUID> id : ids) {
				result.add(id.get());
			}
			return result;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new IllegalStateException("a submission failed", ex.getCause());
		}
	}

	/**
	 * Warms api-service up on the submit path, as a long-running instance is: submits
	 * {@code count} jobs while no worker runs, waits until the outbox published them,
	 * then discards them (cancelled in the database, their messages purged), so the
	 * worker of the next row never sees them.
	 */
	void warmUpApi(String url, int count) {
		List<UUID> ids = submitAll(url, false, count);
		Instant deadline = Instant.now().plusSeconds(120);
		while (this.infrastructure.jdbc()
			.sql("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL")
			.query(Integer.class)
			.single() > 0) {
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("the outbox did not drain within 2 minutes");
			}
			sleep(100);
		}
		this.infrastructure
			.withRabbit((rabbit) -> rabbit.execute((channel) -> channel.queuePurge(CaptureTopology.WORK_QUEUE)));
		this.infrastructure.jdbc()
			.sql("UPDATE screenshot_jobs SET status = 'cancelled', finished_at = now() WHERE id IN (:ids)")
			.param("ids", ids)
			.update();
	}

	/** Waits until every job is completed or failed, polling the database. */
	void awaitFinished(List<UUID> ids, Duration timeout) {
		if (ids.isEmpty()) {
			return;
		}
		Instant deadline = Instant.now().plus(timeout);
		while (true) {
			int finished = this.infrastructure.jdbc()
				.sql("SELECT count(*) FROM screenshot_jobs WHERE id IN (:ids) AND status IN ('completed', 'failed')")
				.param("ids", ids)
				.query(Integer.class)
				.single();
			if (finished == ids.size()) {
				return;
			}
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException(finished + " of " + ids.size() + " jobs finished within " + timeout
						+ "; worker log: " + ((this.worker != null) ? this.worker.logFile() : "-"));
			}
			// rarely: the poll's own CPU would be taken from the service (the times come
			// from the job rows, not from here)
			sleep(ids.size() == 1 ? 5 : 250);
		}
	}

	/**
	 * How the jobs ended: {@code completed}, or the error code of a failed job.
	 */
	Map<String, Long> outcomes(List<UUID> ids) {
		Map<String, Long> outcomes = new LinkedHashMap<>();
		this.infrastructure.jdbc()
			.sql("SELECT coalesce(error_code, status) AS outcome, count(*) AS jobs FROM screenshot_jobs "
					+ "WHERE id IN (:ids) GROUP BY 1 ORDER BY 2 DESC")
			.param("ids", ids)
			.query((rs, n) -> outcomes.put(rs.getString("outcome"), rs.getLong("jobs")))
			.list();
		return outcomes;
	}

	/**
	 * The sum over all series of a counter or gauge of the running worker's
	 * {@code /actuator/prometheus}.
	 * @throws IllegalStateException when the worker has no such series
	 */
	double workerMetric(String name) {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.workerPort + "/actuator/prometheus"))
			.build();
		try {
			String body = this.http.send(request, HttpResponse.BodyHandlers.ofString()).body();
			List<Double> values = body.lines()
				.filter((line) -> line.startsWith(name + "{") || line.startsWith(name + " "))
				.map((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
				.toList();
			if (values.isEmpty()) {
				throw new IllegalStateException("the worker has no metric " + name);
			}
			return values.stream().mapToDouble(Double::doubleValue).sum();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The timestamps of finished jobs, as the services recorded them. */
	List<JobTimes> times(List<UUID> ids) {
		return this.infrastructure.jdbc()
			.sql("SELECT status, created_at, finished_at FROM screenshot_jobs WHERE id IN (:ids)")
			.param("ids", ids)
			.query((rs, n) -> new JobTimes(rs.getString("status"),
					rs.getObject("created_at", OffsetDateTime.class).toInstant(),
					rs.getObject("finished_at", OffsetDateTime.class).toInstant()))
			.list();
	}

	/**
	 * Creates client keys of one tenant each, with the run's limits.
	 * @param count how many
	 * @return each key's secret
	 */
	List<String> createKeys(int count) {
		List<String> keys = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String body = JSON.createObjectNode()
				.put("name", "benchmark-" + i)
				.put("tenant", "benchmark-" + i)
				.put("role", "client")
				.toString();
			keys.add(post("/admin/api-keys", body, 201).path("key").asString());
		}
		return keys;
	}

	/** A job the service accepted, for {@link DatabaseFloor} to copy. */
	UUID anyJob() {
		return this.infrastructure.jdbc()
			.sql("SELECT id FROM screenshot_jobs WHERE source_type = 'url' LIMIT 1")
			.query(UUID.class)
			.single();
	}

	TestDatabase database() {
		return this.infrastructure.database();
	}

	/**
	 * The service database's cumulative counters (PostgreSQL's statistics for this
	 * database only, so other databases on the server do not count): commits and rows
	 * inserted, updated and deleted. Statistics reach the view up to a second after the
	 * transactions, so call it a moment after the work. Commits count every transaction,
	 * reads too (the services' polling loops and this benchmark's own polling for
	 * finished jobs), so they grow with a row's duration; the transactions that wrote are
	 * counted apart, from the server's next transaction id, which only a transaction that
	 * writes takes (for the whole server: other work on it counts too). Also the job
	 * table's updates and how many of them were heap-only (written on the row's page
	 * without new index entries, migration V20), and the write-ahead log the server wrote
	 * (for the whole server too).
	 */
	Map<String, Long> databaseCounters() {
		return this.infrastructure.jdbc().sql("""
				SELECT xact_commit, pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS next_xid,
				       tup_inserted, tup_updated, tup_deleted, jobs.n_tup_upd AS job_updates,
				       jobs.n_tup_hot_upd AS job_hot_updates,
				       pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint / 1024 AS wal_kib
				FROM pg_stat_database, pg_stat_user_tables jobs
				WHERE datname = current_database() AND jobs.relname = 'screenshot_jobs'
				""").query((rs, n) -> {
			Map<String, Long> counters = new LinkedHashMap<>();
			counters.put("commits", rs.getLong("xact_commit"));
			counters.put("write transactions", rs.getLong("next_xid"));
			counters.put("rows inserted", rs.getLong("tup_inserted"));
			counters.put("rows updated", rs.getLong("tup_updated"));
			counters.put("rows deleted", rs.getLong("tup_deleted"));
			counters.put("job rows updated", rs.getLong("job_updates"));
			counters.put("of them heap-only", rs.getLong("job_hot_updates"));
			counters.put("WAL KiB (server-wide)", rs.getLong("wal_kib"));
			return counters;
		}).single();
	}

	/**
	 * The checkpoints PostgreSQL has made since it started, timed and requested, for the
	 * whole server: a commit that meets one waits, so they explain a row's tail.
	 */
	long checkpoints() {
		int version = this.infrastructure.jdbc().sql("SHOW server_version_num").query(Integer.class).single();
		// PostgreSQL 17 moved the counters from pg_stat_bgwriter to pg_stat_checkpointer
		String sql = (version >= 170000) ? "SELECT num_timed + num_requested FROM pg_stat_checkpointer"
				: "SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter";
		return this.infrastructure.jdbc().sql(sql).query(Long.class).single();
	}

	/** Accepted → completed of each job, by id. */
	Map<UUID, Double> millisById(List<UUID> ids) {
		Map<UUID, Double> millis = new HashMap<>();
		this.infrastructure.jdbc()
			.sql("SELECT id, created_at, finished_at FROM screenshot_jobs WHERE id IN (:ids)")
			.param("ids", ids)
			.query((rs, n) -> millis.put(rs.getObject("id", UUID.class),
					Duration
						.between(rs.getObject("created_at", OffsetDateTime.class),
								rs.getObject("finished_at", OffsetDateTime.class))
						.toNanos() / 1e6))
			.list();
		return millis;
	}

	/** Mean time per status of the step history: where a job's time went. */
	Map<String, Double> meanStepMillis(List<UUID> ids) {
		Map<String, Double> steps = new LinkedHashMap<>();
		this.infrastructure.jdbc().sql("""
				SELECT status, avg(duration_ms) AS mean FROM job_step_history
				WHERE job_id IN (:ids) AND duration_ms IS NOT NULL GROUP BY status ORDER BY min(entered_at)
				""").param("ids", ids).query((rs, n) -> steps.put(rs.getString("status"), rs.getDouble("mean"))).list();
		return steps;
	}

	@Override
	public void close() {
		stopWorker();
		if (this.api != null) {
			this.api.stop(Duration.ofSeconds(60));
		}
		this.infrastructure.close();
	}

	/**
	 * @param status the final status
	 * @param created when the api-service accepted the job
	 * @param finished when the worker recorded its outcome
	 */
	record JobTimes(String status, Instant created, Instant finished) {

		double millis() {
			return Duration.between(this.created, this.finished).toNanos() / 1e6;
		}

	}

	/**
	 * The JVM options of the image and the Kubernetes manifests, plus extra options from
	 * a system property (e.g.
	 * {@code -Dbenchmark.api.jvm=-XX:StartFlightRecording=filename=api.jfr} to profile).
	 */
	private static List<String> jvm(List<String> manifest, String property) {
		List<String> options = new ArrayList<>(manifest);
		String extra = System.getProperty(property, "").trim();
		if (!extra.isEmpty()) {
			options.addAll(List.of(extra.split("\\s+")));
		}
		return options;
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
