package dev.screenshots.api.apikeys;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.screenshots.testsupport.ApiClient;
import dev.screenshots.testsupport.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API keys, tenants and limits against the running API and a real database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "api.keys.bootstrap-admin-key=" + ApiClient.TEST_ADMIN_KEY)
@ExtendWith(OutputCaptureExtension.class)
class ApiKeyIntegrationTests {

	static final TestInfrastructure infrastructure = TestInfrastructure.create();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		infrastructure.register(registry);
	}

	@AfterAll
	static void cleanUp() {
		infrastructure.close();
	}

	@Test
	void keySecretIsShownOnceAndStoredOnlyAsItsHash() {
		ApiClient.Response created = admin().post("/admin/api-keys", "application/json",
				"{\"name\":\"ci\",\"tenant\":\"acme\",\"role\":\"client\"}");

		assertThat(created.status()).isEqualTo(201);
		String secret = created.json().path("key").asString();
		assertThat(secret).startsWith("ssk_").hasSize(36);
		JsonNode listed = admin().get("/admin/api-keys")
			.json()
			.path("keys")
			.valueStream()
			.filter((key) -> key.path("id").asString().equals(created.json().path("id").asString()))
			.findFirst()
			.orElseThrow();
		assertThat(listed.has("key")).isFalse();
		assertThat(secret).startsWith(listed.path("prefix").asString());
		String row = this.jdbc.sql("SELECT api_keys::text FROM api_keys WHERE id = CAST(:id AS uuid)")
			.param("id", created.json().path("id").asString())
			.query(String.class)
			.single();
		assertThat(row).doesNotContain(secret).contains(ApiKeys.sha256(secret));
	}

	@Test
	void keysCookiesAndHeadersNeverReachTheLogs(CapturedOutput output) {
		String secret = admin().createKey("logs", "client", "");
		ApiClient client = admin().withKey(secret);

		ApiClient.Response accepted = client.submit("""
				{"url":"https://public.example/","options":{"extraHeaders":{"X-Api-Token":"header-secret-7f3a"},
				 "cookies":[{"name":"session","value":"cookie-secret-9d2b"}]}}""");
		ApiClient.Response invalid = client.submit("""
				{"url":"https://public.example/","options":{"width":1,
				 "cookies":[{"name":"session","value":"cookie-secret-9d2b"}]}}""");
		ApiClient.Response unknownKey = admin().withKey(secret + "x").get("/screenshots/" + UUID.randomUUID());

		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(unknownKey.status()).isEqualTo(401);
		assertThat(client.get("/screenshots/" + accepted.json().path("id").asString()).status()).isEqualTo(200);
		assertThat(output.getAll()).doesNotContain(secret, secret.substring(12), "header-secret-7f3a",
				"cookie-secret-9d2b", ApiClient.TEST_ADMIN_KEY);
	}

	@Test
	void revokedKeyStopsWorkingAtOnce() {
		String secret = admin().createKey("acme", "client", "");
		String id = this.jdbc.sql("SELECT id::text FROM api_keys WHERE key_hash = :hash")
			.param("hash", ApiKeys.sha256(secret))
			.query(String.class)
			.single();
		assertThat(as(secret).submit("{\"url\":\"https://example.com/\"}").status()).isEqualTo(202);

		ApiClient.Response revoked = admin().delete("/admin/api-keys/" + id);

		assertThat(revoked.status()).isEqualTo(200);
		assertThat(revoked.json().path("revokedAt").isMissingNode()).isFalse();
		ApiClient.Response refused = as(secret).submit("{\"url\":\"https://example.com/\"}");
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.json().path("code").asString()).isEqualTo("INVALID_API_KEY");
	}

	@Test
	void submitsOverTheKeysRateGet429WithRetryAfterAndRateLimitHeaders() {
		String secret = admin().createKey("rated", "client", "\"submitsPerMinute\":3");
		RawResponse first = submitRaw(secret);
		assertThat(first.status()).isEqualTo(202);
		assertThat(first.headers()).containsEntry("ratelimit-limit", "3").containsEntry("ratelimit-remaining", "2");
		assertThat(submitRaw(secret).status()).isEqualTo(202);
		assertThat(submitRaw(secret).status()).isEqualTo(202);
		long jobsBefore = jobsOf("rated");

		RawResponse limited = submitRaw(secret);

		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.headers()).containsEntry("ratelimit-remaining", "0").containsKey("retry-after");
		assertThat(Long.parseLong(limited.headers().get("retry-after"))).isBetween(1L, 20L);
		assertThat(limited.body()).contains("\"type\":\"/problems/rate-limited\"");
		assertThat(jobsOf("rated")).isEqualTo(jobsBefore);
	}

	@Test
	void keyAtItsInFlightLimitGets429UntilJobsFinish() {
		String secret = admin().createKey("busy", "client", "\"maxInFlight\":2");
		assertThat(as(secret).submit("{\"url\":\"https://example.com/\"}").status()).isEqualTo(202);
		assertThat(as(secret).submit("{\"url\":\"https://example.com/\"}").status()).isEqualTo(202);

		ApiClient.Response third = as(secret).submit("{\"url\":\"https://example.com/\"}");

		assertThat(third.status()).isEqualTo(429);
		assertThat(third.json().path("type").asString()).isEqualTo("/problems/too-many-jobs-in-flight");
		assertThat(third.json().path("maxInFlight").asInt()).isEqualTo(2);
		this.jdbc.sql("UPDATE screenshot_jobs SET status = 'cancelled', finished_at = now() WHERE tenant = 'busy'")
			.update();
		assertThat(as(secret).submit("{\"url\":\"https://example.com/\"}").status()).isEqualTo(202);
	}

	@Test
	void idempotencyKeysBelongToTheirTenant() {
		String a = admin().createKey("tenant-one", "client", "");
		String b = admin().createKey("tenant-two", "client", "");
		String body = "{\"url\":\"https://example.com/\"}";

		String jobOfA = as(a).post("/screenshots", "application/json", body, Map.of("Idempotency-Key", "same"))
			.json()
			.path("id")
			.asString();
		String jobOfB = as(b).post("/screenshots", "application/json", body, Map.of("Idempotency-Key", "same"))
			.json()
			.path("id")
			.asString();

		assertThat(jobOfA).isNotEqualTo(jobOfB);
		assertThat(as(a).get("/screenshots/" + jobOfB).status()).isEqualTo(404);
	}

	@Test
	void healthAndMetricsArePublicButHealthDetailsAreNot() {
		ApiClient anonymous = admin().withKey(null);
		ApiClient.Response health = anonymous.get("/actuator/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().has("components")).isFalse();
		assertThat(anonymous.get("/actuator/prometheus").status()).isEqualTo(200);
		assertThat(anonymous.get("/screenshots/00000000-0000-0000-0000-000000000000").status()).isEqualTo(401);
	}

	private long jobsOf(String tenant) {
		return this.jdbc.sql("SELECT count(*) FROM screenshot_jobs WHERE tenant = :tenant")
			.param("tenant", tenant)
			.query(Long.class)
			.single();
	}

	private RawResponse submitRaw(String key) {
		try {
			java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
				.send(java.net.http.HttpRequest
					.newBuilder(java.net.URI.create("http://127.0.0.1:" + this.port + "/screenshots"))
					.header("Authorization", "Bearer " + key)
					.header("Content-Type", "application/json")
					.POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"url\":\"https://example.com/\"}"))
					.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
			Map<String, String> headers = new java.util.HashMap<>();
			response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
			return new RawResponse(response.statusCode(), headers, response.body());
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private record RawResponse(int status, Map<String, String> headers, String body) {
	}

	private ApiClient admin() {
		return new ApiClient("http://127.0.0.1:" + this.port);
	}

	private ApiClient as(String key) {
		return admin().withKey(key);
	}

}
