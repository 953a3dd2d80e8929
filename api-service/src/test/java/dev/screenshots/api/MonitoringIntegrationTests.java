package dev.screenshots.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.screenshots.testsupport.ApiClient;
import dev.screenshots.testsupport.Closeables;
import dev.screenshots.testsupport.ProjectFiles;
import dev.screenshots.testsupport.PrometheusServer;
import dev.screenshots.testsupport.SystemUnderTest;
import dev.screenshots.testsupport.TestInfrastructure;
import dev.screenshots.testsupport.TestPages;
import dev.screenshots.testsupport.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator sees, against both services started from their jars after a few jobs:
 * the Prometheus series, a real Prometheus scraping them with the alert rules loaded, the
 * health groups, and a request's trace id in the worker's JSON logs.
 */
class MonitoringIntegrationTests {

	static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	static final JsonMapper JSON = JsonMapper.builder().build();

	static TestInfrastructure infrastructure;

	static TestPages pages;

	static SystemUnderTest system;

	static ApiClient client;

	static String tracedJob;

	@BeforeAll
	static void runSomeJobs() {
		infrastructure = TestInfrastructure.create();
		pages = TestPages.start();
		system = new SystemUnderTest("monitoring", infrastructure).startApi(Map.of())
			.startWorker(Map.of("capture.retry.max-attempts", "1"));
		client = system.client().withKey(ApiClient.TEST_ADMIN_KEY);
		String page = pages.html("/monitored", TestPages.solidColour("white"));
		List<String> ids = new ArrayList<>();
		ApiClient.Response traced = client.post("/screenshots", "application/json", "{\"url\":\"" + page + "\"}",
				Map.of("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01"));
		tracedJob = traced.json().path("id").asString();
		ids.add(tracedJob);
		for (int i = 0; i < 2; i++) {
			ids.add(client.submit("{\"url\":\"" + page + "\"}").json().path("id").asString());
		}
		ids.add(client.submit("{\"url\":\"" + pages.neverFinishes("/never") + "\",\"options\":{\"timeoutMs\":1000}}")
			.json()
			.path("id")
			.asString());
		for (String id : ids) {
			client.awaitTerminal(id);
		}
	}

	@AfterAll
	static void stop() {
		Closeables.closeAll(system, pages, infrastructure);
	}

	@Test
	void apiServiceExposesSubmitQueueOutboxFleetAndHttpSeries() {
		String metrics = scrape(system.apiPort(0));

		assertThat(metrics).contains(
				"screenshots_jobs_submitted_total{application=\"api-service\",priority=\"normal\",source=\"url\"} 4.0",
				"screenshots_queue_messages{application=\"api-service\",queue=\"screenshots.capture\"}",
				"screenshots_queue_messages{application=\"api-service\",queue=\"screenshots.capture.retry.2000ms\"}",
				"screenshots_queue_messages{application=\"api-service\",queue=\"screenshots.capture.dlq\"}",
				"screenshots_queue_consumers{application=\"api-service\",queue=\"screenshots.capture\"} 1.0",
				"screenshots_outbox_backlog{application=\"api-service\"}",
				"screenshots_outbox_oldest_age_seconds{application=\"api-service\"}",
				"screenshots_webhooks_pending{application=\"api-service\"} 0.0",
				// the four submits, written by the group commit one after the other
				"screenshots_submit_batch_size_sum{application=\"api-service\"} 4.0",
				"http_server_requests_seconds_bucket{application=\"api-service\"", "uri=\"/screenshots\"");
		// read through a short cache; and the failed job's dead letter is published
		// by the worker's outbox relay after the job is recorded as failed, which is
		// all the set-up waited for
		Waits.await(Waits.MOMENT).untilAsserted(() -> {
			String current = scrape(system.apiPort(0));
			assertThat(value(current, "screenshots_workers{application=\"api-service\",status=\"idle\"}")
					+ value(current, "screenshots_workers{application=\"api-service\",status=\"busy\"}"))
				.isEqualTo(1);
			assertThat(value(current,
					"screenshots_queue_messages{application=\"api-service\",queue=\"screenshots.capture.dlq\"}"))
				.as("the failed job was dead-lettered")
				.isEqualTo(1);
		});
	}

	@Test
	void workerExposesOutcomesLatencyStepsPoolAndStorageSeries() {
		// a job's outcome is counted just after it is recorded, which is all the set-up
		// waited for
		Waits.await(Waits.MOMENT).untilAsserted(() -> assertWorkerSeries(scrape(system.workerPort())));
	}

	private static void assertWorkerSeries(String metrics) {
		assertThat(value(metrics,
				"screenshots_jobs_completed_total{application=\"capture-worker\",priority=\"normal\",source=\"url\"}"))
			.isEqualTo(3);
		assertThat(value(metrics,
				"screenshots_jobs_failed_total{application=\"capture-worker\",code=\"NAVIGATION_TIMEOUT\",priority=\"normal\",source=\"url\"}"))
			.isEqualTo(1);
		assertThat(
				value(metrics, "screenshots_jobs_latency_seconds_count{application=\"capture-worker\",source=\"url\"}"))
			.isEqualTo(3);
		for (String step : List.of("validating", "creating_sandbox", "syncing_files", "capturing", "storing")) {
			assertThat(metrics)
				.contains("screenshots_step_duration_seconds_bucket{application=\"capture-worker\",step=\"" + step
						+ "\",le=\"");
		}
		assertThat(value(metrics,
				"screenshots_storage_upload_seconds_count{application=\"capture-worker\",outcome=\"success\"}"))
			.isEqualTo(3);
		assertThat(metrics).contains("screenshots_jobs_attempts_bucket{application=\"capture-worker\",le=\"1.0\"} 3",
				"capture_browser_slots{application=\"capture-worker\",state=\"idle\"}",
				"capture_browser_restarts_total{application=\"capture-worker\",reason=\"crash\"}",
				"capture_browser_context_creation_seconds_count", "capture_browser_waiting",
				"screenshots_attempts_failed_total{application=\"capture-worker\",code=\"NAVIGATION_TIMEOUT\",outcome=\"failed\"} 1.0");
	}

	@Test
	void prometheusScrapesBothServicesLoadsTheAlertsAndHasEverySeriesTheDashboardAndAlertsUse() throws IOException {
		Path ops = ProjectFiles.root().resolve("docs/ops");
		try (PrometheusServer prometheus = PrometheusServer.start(Map.of("api-service",
				"127.0.0.1:" + system.apiPort(0), "capture-worker", "127.0.0.1:" + system.workerPort()),
				List.of(ops.resolve("prometheus/alerts.yml")))) {
			// until a scrape of each service came after its last change (the dead letter,
			// the last outcome, see above), and the rules were evaluated once
			Waits.await(Waits.MOMENT)
				.pollInterval(Duration.ofMillis(500))
				.alias("Prometheus scraped both services and evaluated the rules")
				.untilAsserted(() -> {
					JsonNode up = prometheus.query("up");
					assertThat(up.valueStream().map((series) -> series.path("value").path(1).asString()).toList())
						.containsExactly("1", "1");
					assertThat(scalar(prometheus, "sum(screenshots_jobs_completed_total)")).isEqualTo("3");
					assertThat(scalar(prometheus, "sum(screenshots_jobs_failed_total)")).isEqualTo("1");
					assertThat(scalar(prometheus, "max(screenshots_queue_messages{queue=\"screenshots.capture.dlq\"})"))
						.isEqualTo("1");
					assertThat(rules(prometheus).valueStream().map((rule) -> rule.path("health").asString()))
						.doesNotContain("unknown");
				});

			assertThat(scalar(prometheus, "sum(screenshots_jobs_submitted_total)")).isEqualTo("4");
			double medianLatency = Double.parseDouble(scalar(prometheus,
					"histogram_quantile(0.5, sum by (le) (screenshots_jobs_latency_seconds_bucket))"));
			// a bound that tells seconds from milliseconds, wider on a slow machine
			assertThat(medianLatency).as("median end-to-end latency in seconds")
				.isPositive()
				.isLessThan(Waits.scaled(Duration.ofSeconds(30)).toSeconds());

			JsonNode rules = rules(prometheus);
			assertThat(rules.valueStream().map((rule) -> rule.path("name").asString()).toList()).contains(
					"ScreenshotWorkQueueBacklog", "ScreenshotDeadLetters", "ScreenshotFailureRatioHigh",
					"ScreenshotNoHealthyWorker", "ScreenshotOutboxLag", "ScreenshotBrowserRestartStorm",
					"ScreenshotWebhooksGivenUp");
			assertThat(rules.valueStream().map((rule) -> rule.path("health").asString()).distinct().toList())
				.containsExactly("ok");

			Set<String> known = new TreeSet<>();
			prometheus.api("/api/v1/label/__name__/values")
				.path("data")
				.valueStream()
				.forEach((name) -> known.add(name.asString()));
			Set<String> used = new TreeSet<>();
			alertExpressions(ops.resolve("prometheus/alerts.yml")).forEach((expr) -> used.addAll(metricNames(expr)));
			JSON.readTree(ops.resolve("grafana/dashboards/screenshots.json").toFile())
				.findValues("expr")
				.forEach((expr) -> used.addAll(metricNames(expr.asString())));
			assertThat(used).as("series used by the alerts and the dashboard").isNotEmpty();
			assertThat(known).as("series Prometheus scraped").containsAll(used);
		}
	}

	@Test
	void healthGroupsAreUpAndShowDetailsOnlyToAdmins() {
		String apiBase = "http://127.0.0.1:" + system.apiPort(0);
		JsonNode anonymous = JSON.readTree(get(apiBase + "/actuator/health/readiness", null).body());
		assertThat(anonymous.path("status").asString()).isEqualTo("UP");
		assertThat(anonymous.has("components")).as("details without a key").isFalse();
		JsonNode admin = JSON.readTree(get(apiBase + "/actuator/health/readiness", ApiClient.TEST_ADMIN_KEY).body());
		assertThat(admin.path("components").propertyNames()).containsExactlyInAnyOrder("db", "rabbit", "s3",
				"readinessState");
		assertThat(admin.path("components").path("s3").path("status").asString()).isEqualTo("UP");
		assertThat(JSON.readTree(get(apiBase + "/actuator/health/liveness", null).body()).path("status").asString())
			.isEqualTo("UP");

		String workerBase = "http://127.0.0.1:" + system.workerPort();
		HttpResponse<String> worker = get(workerBase + "/actuator/health/readiness", null);
		assertThat(worker.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(worker.body()).path("status").asString()).isEqualTo("UP");
		assertThat(JSON.readTree(worker.body()).has("components")).isFalse();
	}

	@Test
	void aRequestsTraceIdReachesTheOutboxMessageAndTheWorkersJsonLogLinesAboutTheJob() {
		String headers = infrastructure.jdbc()
			.sql("SELECT headers::text FROM outbox_messages WHERE job_id = CAST(:id AS uuid) ORDER BY id LIMIT 1")
			.param("id", tracedJob)
			.query(String.class)
			.single();
		assertThat(headers).contains("\"traceparent\"", TRACE_ID);

		// the worker logs a job's completion just after recording it, which is all the
		// set-up waited for
		Waits.await(Waits.MOMENT).untilAsserted(() -> {
			List<JsonNode> jobLines = completeLines(system.worker().logFile()).stream()
				.filter((line) -> line.startsWith("{"))
				.map(JSON::readTree)
				.filter((line) -> tracedJob.equals(line.path("jobId").asString(null)))
				.toList();
			assertThat(jobLines).as("the worker's JSON log lines about the job").isNotEmpty();
			assertThat(jobLines).allSatisfy((line) -> assertThat(line.path("traceId").asString()).isEqualTo(TRACE_ID));
			assertThat(jobLines)
				.anySatisfy((line) -> assertThat(line.path("message").asString()).contains("completed"));
		});
	}

	/**
	 * The lines of a log a process is writing, without a last line it has not finished.
	 */
	private static List<String> completeLines(Path log) throws IOException {
		String text = Files.readString(log);
		return text.substring(0, text.lastIndexOf('\n') + 1).lines().toList();
	}

	private static JsonNode rules(PrometheusServer prometheus) {
		return prometheus.api("/api/v1/rules").path("data").path("groups").path(0).path("rules");
	}

	private static String scalar(PrometheusServer prometheus, String promql) {
		return prometheus.query(promql).path(0).path("value").path(1).asString("");
	}

	private static String scrape(int port) {
		HttpResponse<String> response = get("http://127.0.0.1:" + port + "/actuator/prometheus", null);
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	/**
	 * The value of one series in a scrape.
	 */
	private static double value(String metrics, String series) {
		for (String line : metrics.split("\n")) {
			if (line.startsWith(series + " ")) {
				return Double.parseDouble(line.substring(series.length() + 1).trim());
			}
		}
		throw new AssertionError("No series " + series + " in the scrape");
	}

	@SuppressWarnings("unchecked")
	private static List<String> alertExpressions(Path rules) throws IOException {
		Map<String, Object> yaml = new org.yaml.snakeyaml.Yaml().load(Files.readString(rules));
		return ((List<Map<String, Object>>) yaml.get("groups")).stream()
			.flatMap((group) -> ((List<Map<String, Object>>) group.get("rules")).stream())
			.map((rule) -> String.valueOf(rule.get("expr")))
			.toList();
	}

	private static Set<String> metricNames(String text) {
		Set<String> names = new TreeSet<>();
		Matcher matcher = Pattern.compile("\\b((?:screenshots|capture)_[a-z_]+|http_server_requests_seconds_[a-z]+)\\b")
			.matcher(text);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	private static HttpResponse<String> get(String url, String key) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Waits.scaled(Waits.MOMENT));
		if (key != null) {
			request.header("Authorization", "Bearer " + key);
		}
		try {
			return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
