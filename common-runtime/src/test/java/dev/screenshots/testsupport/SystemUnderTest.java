package dev.screenshots.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * api-service and capture-worker started from their jars as real processes against one
 * test infrastructure, for system tests: what a user meets, and what a crash really
 * kills.
 */
public final class SystemUnderTest implements AutoCloseable {

	private static final List<String> JVM = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1");

	/**
	 * The PostgreSQL {@code application_name} of a service's pooled connections: the
	 * process's name, so that a test can find its sessions in {@code pg_stat_activity}.
	 */
	private static final String APPLICATION_NAME = "spring.datasource.hikari.data-source-properties[ApplicationName]";

	private final TestInfrastructure infrastructure;

	private final String name;

	private final List<JavaProcess> apis = new java.util.ArrayList<>();

	private final List<Integer> apiPorts = new java.util.ArrayList<>();

	private JavaProcess worker;

	private int workerPort;

	private int workers;

	public SystemUnderTest(String name, TestInfrastructure infrastructure) {
		this.name = name;
		this.infrastructure = infrastructure;
	}

	/**
	 * Starts an api-service instance (call again for more) and waits until it is healthy.
	 * @param overrides properties to add or replace
	 * @return this
	 */
	public SystemUnderTest startApi(Map<String, String> overrides) {
		int port = Ports.freePort();
		Map<String, String> properties = new HashMap<>(overrides);
		properties.put("server.port", String.valueOf(port));
		properties.putIfAbsent("api.keys.bootstrap-admin-key", ApiClient.TEST_ADMIN_KEY);
		String suffix = this.apis.isEmpty() ? "" : "-" + (this.apis.size() + 1);
		String name = this.name + "-api-service" + suffix;
		properties.putIfAbsent(APPLICATION_NAME, name);
		this.apis.add(startOrCleanUp(() -> JavaProcess
			.of(name, ProjectFiles.jar("api.jar"), JVM, List.of(),
					this.infrastructure.environment(properties, Map.of()))
			.start()
			.awaitHttpOk("http://127.0.0.1:" + port + "/actuator/health", Waits.ONE_JOB)));
		this.apiPorts.add(port);
		return this;
	}

	/**
	 * Starts a new capture-worker process (with a new worker id) and waits until it is
	 * healthy.
	 * @param overrides properties to add or replace
	 * @return this
	 */
	public SystemUnderTest startWorker(Map<String, String> overrides) {
		int port = Ports.freePort();
		Map<String, String> properties = new HashMap<>(overrides);
		properties.put("server.port", String.valueOf(port));
		this.workers++;
		this.workerPort = port;
		String name = this.name + "-capture-worker-" + this.workers;
		properties.putIfAbsent(APPLICATION_NAME, name);
		this.worker = startOrCleanUp(() -> JavaProcess.of(name, ProjectFiles.jar("worker.jar"),
				// the worker's options as its image runs it
				List.of("-Xmx512m", "@" + ProjectFiles.workerJvmOptions()), List.of(),
				this.infrastructure.environment(properties, Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))
			.start()
			.awaitHttpOk("http://127.0.0.1:" + port + "/actuator/health", Waits.ONE_JOB));
		return this;
	}

	/**
	 * Starts a process; if that fails, stops what this system started before, since a
	 * test whose set-up throws never gets this system to close.
	 */
	private JavaProcess startOrCleanUp(Supplier<JavaProcess> start) {
		try {
			return start.get();
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	public JavaProcess worker() {
		return this.worker;
	}

	public JavaProcess api() {
		return this.apis.get(0);
	}

	/**
	 * The HTTP port (health and metrics) of the newest worker.
	 * @return the port
	 */
	public int workerPort() {
		return this.workerPort;
	}

	/**
	 * The HTTP port of an api-service instance.
	 * @param instance the instance, in start order from 0
	 * @return the port
	 */
	public int apiPort(int instance) {
		return this.apiPorts.get(instance);
	}

	public ApiClient client() {
		return client(0);
	}

	/**
	 * A client of one api-service instance.
	 * @param instance the instance, in start order from 0
	 * @return the client
	 */
	public ApiClient client(int instance) {
		return new ApiClient("http://127.0.0.1:" + this.apiPorts.get(instance));
	}

	/**
	 * The sum of a metric's series on the newest worker's Prometheus page.
	 * @param name the metric, e.g. {@code capture_browser_restarts_total}
	 * @param label text every counted series must contain, e.g. {@code reason="crash"};
	 * empty for all
	 * @return the sum, 0 when there is none
	 */
	public double workerMetric(String name, String label) {
		try {
			String page = java.net.http.HttpClient.newHttpClient()
				.send(java.net.http.HttpRequest
					.newBuilder(java.net.URI.create("http://127.0.0.1:" + this.workerPort + "/actuator/prometheus"))
					.build(), java.net.http.HttpResponse.BodyHandlers.ofString())
				.body();
			return page.lines()
				.filter((line) -> (line.startsWith(name + " ") || line.startsWith(name + "{")) && line.contains(label))
				.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
				.sum();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		if (this.worker != null) {
			this.worker.stop(Waits.MOMENT);
		}
		for (JavaProcess api : this.apis) {
			api.stop(Waits.MOMENT);
		}
	}

}
