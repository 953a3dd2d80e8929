package dev.screenshots.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus (Debian package {@code prometheus}) on a free loopback port, scraping
 * the given targets every second, with the project's alert rules loaded; its HTTP API is
 * queried by the tests.
 */
public final class PrometheusServer implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Path directory;

	private final int port;

	private final Process process;

	private final HttpClient http = HttpClient.newHttpClient();

	private PrometheusServer(Path directory, int port, Process process) {
		this.directory = directory;
		this.port = port;
		this.process = process;
	}

	/**
	 * Starts Prometheus and waits until it answers.
	 * @param targets job name to {@code host:port} of its {@code /actuator/prometheus}
	 * @param ruleFiles alert rule files to load
	 * @return the server
	 */
	public static PrometheusServer start(Map<String, String> targets, List<Path> ruleFiles) {
		try {
			Path directory = Files.createTempDirectory("prometheus-test");
			String scrapeConfigs = targets.entrySet().stream().map((target) -> """
					  - job_name: %s
					    metrics_path: /actuator/prometheus
					    static_configs:
					      - targets: ['%s']
					""".formatted(target.getKey(), target.getValue())).collect(Collectors.joining());
			String rules = ruleFiles.stream()
				.map((file) -> "  - " + file.toAbsolutePath())
				.collect(Collectors.joining("\n"));
			Files.writeString(directory.resolve("prometheus.yml"), """
					global:
					  scrape_interval: 1s
					  evaluation_interval: 1s
					rule_files:
					%s
					scrape_configs:
					%s""".formatted(rules, scrapeConfigs));
			int port = Ports.freePort();
			Process process = new ProcessBuilder(Promtool.executable("prometheus"),
					"--config.file=" + directory.resolve("prometheus.yml"),
					"--storage.tsdb.path=" + directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
				.redirectErrorStream(true)
				.redirectOutput(directory.resolve("prometheus.log").toFile())
				.start();
			PrometheusServer server = new PrometheusServer(directory, port, process);
			server.awaitReady();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void awaitReady() {
		long deadline = System.nanoTime() + Waits.scaled(Waits.MOMENT).toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Prometheus exited: " + log());
			}
			try {
				if (get("/-/ready").statusCode() == 200) {
					return;
				}
			}
			catch (IllegalStateException ex) {
				// not listening yet
			}
			JavaProcess.sleep(Duration.ofMillis(200));
		}
		throw new IllegalStateException("Prometheus did not become ready: " + log());
	}

	/**
	 * Runs an instant query.
	 * @param promql the query
	 * @return the result vector ({@code data.result})
	 */
	public JsonNode query(String promql) {
		HttpResponse<String> response = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
		JsonNode body = JSON.readTree(response.body());
		if (!"success".equals(body.path("status").asString())) {
			throw new IllegalStateException("Query " + promql + " failed: " + response.body());
		}
		return body.path("data").path("result");
	}

	/**
	 * Reads an API path as JSON.
	 * @param path e.g. {@code /api/v1/rules}
	 * @return the body
	 */
	public JsonNode api(String path) {
		return JSON.readTree(get(path).body());
	}

	private HttpResponse<String> get(String path) {
		try {
			return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.timeout(Waits.scaled(Waits.MOMENT))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Prometheus did not answer " + path + ": " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Prometheus's own log, for failure messages.
	 * @return the log
	 */
	public String log() {
		try {
			return Files.readString(this.directory.resolve("prometheus.log"));
		}
		catch (IOException ex) {
			return "(no log)";
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(Waits.scaled(Waits.MOMENT).toMillis(),
					java.util.concurrent.TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try (var files = Files.walk(this.directory)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory left behind
		}
	}

}
