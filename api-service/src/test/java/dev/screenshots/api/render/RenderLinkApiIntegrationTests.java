package dev.screenshots.api.render;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.screenshots.api.SignedLinks;
import dev.screenshots.testsupport.ApiClient;
import dev.screenshots.testsupport.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Render links against the API with real PostgreSQL, RabbitMQ and S3 and no worker, so
 * every capture stays pending: what a link is refused for, what it creates, and that
 * identical links share one job. The capture itself is in RenderLinkIntegrationTests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "api.keys.bootstrap-admin-key=" + ApiClient.TEST_ADMIN_KEY, "api.render.max-wait=200ms" })
class RenderLinkApiIntegrationTests {

	static final TestInfrastructure infrastructure = TestInfrastructure.create();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	ApiClient client;

	String secret;

	String keyId;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		infrastructure.register(registry);
	}

	@AfterAll
	static void cleanUp() {
		infrastructure.close();
	}

	@BeforeEach
	void renderSecret() {
		this.client = new ApiClient("http://127.0.0.1:" + this.port);
		JsonNode secret = this.client.get("/render-secret").json();
		this.secret = secret.path("secret").asString();
		this.keyId = secret.path("keyId").asString();
	}

	@Test
	void theRenderSecretIsMadeOnFirstUseAndStaysUntilRotated() {
		JsonNode again = this.client.get("/render-secret").json();

		assertThat(this.secret).matches("rsec_[0-9a-f]{64}");
		assertThat(again.path("secret").asString()).isEqualTo(this.secret);
		assertThat(again.path("allowLinksWithoutExpiry").asBoolean()).isFalse();
	}

	@Test
	void aSignedLinkSubmitsOneCaptureAndAnswers202WithRetryAfterWhileItRuns() {
		String link = link("https://example.com/signed", "width", "800", "fullPage", "true");

		ApiClient.Response first = anonymous().get(link);
		ApiClient.Response second = anonymous().get(link);

		assertThat(first.status()).as(first.toString()).isEqualTo(202);
		assertThat(first.retryAfter()).isEqualTo("5");
		assertThat(first.header("Cache-Control")).isEqualTo("no-store");
		String id = first.json().path("id").asString();
		assertThat(second.json().path("id").asString()).as("the same link attaches to the running job").isEqualTo(id);
		Map<String, Object> row = this.jdbc
			.sql("SELECT source_url, options->>'width' AS width, options->>'fullPage' AS full_page, cache_key"
					+ " FROM screenshot_jobs WHERE id = CAST(:id AS uuid)")
			.param("id", id)
			.query()
			.singleRow();
		assertThat(row).containsEntry("source_url", "https://example.com/signed")
			.containsEntry("width", "800")
			.containsEntry("full_page", "true");
		assertThat((String) row.get("cache_key")).hasSize(64);
		assertThat(jobsFor("https://example.com/signed")).isEqualTo(1);
	}

	@Test
	void identicalLinksArrivingTogetherMakeOneJob() throws InterruptedException {
		String link = link("https://example.com/together");
		List<Thread> threads = new ArrayList<>();
		List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
		for (int i = 0; i < 20; i++) {
			threads.add(Thread.ofPlatform().start(() -> ids.add(anonymous().get(link).json().path("id").asString())));
		}
		for (Thread thread : threads) {
			thread.join();
		}

		assertThat(ids).hasSize(20);
		assertThat(ids.stream().distinct()).hasSize(1);
		assertThat(jobsFor("https://example.com/together")).isEqualTo(1);
	}

	@Test
	void aLinkWithDifferentOptionsIsAnotherCaptureAndTheSameUrlWrittenAnotherWayIsNot() {
		String first = anonymous().get(link("https://example.com/variants", "width", "800"))
			.json()
			.path("id")
			.asString();
		String other = anonymous().get(link("https://example.com/variants", "width", "801"))
			.json()
			.path("id")
			.asString();
		String same = anonymous().get(link("https://EXAMPLE.com:443/variants", "width", "800"))
			.json()
			.path("id")
			.asString();
		String routed = anonymous().get(link("https://example.com/variants#/other", "width", "800"))
			.json()
			.path("id")
			.asString();

		assertThat(other).isNotEqualTo(first);
		assertThat(same).as("scheme and host case and the default port do not matter").isEqualTo(first);
		assertThat(routed).as("the fragment does: single-page applications route by it").isNotEqualTo(first);
	}

	@Test
	void tamperingWithAnyParameterOrTheSecretIsRefusedAndCapturesNothing() {
		String link = link("https://example.com/tamper", "width", "800");
		String signature = link.substring(link.indexOf("signature=") + "signature=".length());
		String otherSignature = (signature.charAt(0) == '0' ? "1" : "0") + signature.substring(1);
		String otherKey = this.keyId.substring(0, 35) + (this.keyId.endsWith("0") ? "1" : "0");
		List<String> tampered = List.of(link.replace("width=800", "width=801"), link.replace("tamper", "tampered"),
				link.replace("&expires=", "&expires=1"), link.replace("key=" + this.keyId, "key=" + otherKey),
				link + "&height=600", link.replace(signature, otherSignature));

		for (String bad : tampered) {
			ApiClient.Response refused = anonymous().get(bad);
			assertThat(refused.status()).as(bad + " → " + refused).isEqualTo(403);
			assertThat(refused.contentType()).isEqualTo("application/problem+json");
			assertThat(refused.json().path("code").asString()).as(bad).isEqualTo("RENDER_SIGNATURE_INVALID");
		}
		String otherSecret = SignedLinks.sign("rsec_" + "0".repeat(64),
				params("https://example.com/tamper", Instant.now().plusSeconds(600), "width", "800"));
		assertThat(anonymous().get(otherSecret).status()).isEqualTo(403);
		assertThat(jobsFor("https://example.com/tamper")).isZero();
	}

	@Test
	void unsignedExpiredAndNeverExpiringLinksAreRefusedUntilTheTenantAllowsThem() {
		String unsigned = link("https://example.com/unsigned").replaceAll("&signature=[0-9a-f]+", "");
		ApiClient.Response missing = anonymous().get(unsigned);
		assertThat(missing.status()).isEqualTo(401);
		assertThat(missing.json().path("code").asString()).isEqualTo("RENDER_LINK_UNSIGNED");
		assertThat(anonymous().get(unsigned + "&signature=XYZ").status()).isEqualTo(401);

		ApiClient.Response expired = anonymous()
			.get(SignedLinks.sign(this.secret, params("https://example.com/expired", Instant.now().minusSeconds(1))));
		assertThat(expired.status()).isEqualTo(403);
		assertThat(expired.json().path("code").asString()).isEqualTo("RENDER_LINK_EXPIRED");

		String forever = SignedLinks.sign(this.secret,
				List.of(Map.entry("url", "https://example.com/forever"), Map.entry("key", this.keyId)));
		ApiClient.Response refused = anonymous().get(forever);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.json().path("code").asString()).isEqualTo("RENDER_LINK_EXPIRY_REQUIRED");

		String farAhead = SignedLinks.sign(this.secret,
				params("https://example.com/far", Instant.now().plus(java.time.Duration.ofDays(200))));
		ApiClient.Response tooFar = anonymous().get(farAhead);
		assertThat(tooFar.status()).isEqualTo(403);
		assertThat(tooFar.json().path("code").asString()).isEqualTo("RENDER_LINK_EXPIRY_TOO_FAR");

		ApiClient.Response allowed = this.client.patch("/render-secret", "{\"allowLinksWithoutExpiry\":true}");
		assertThat(allowed.json().path("allowLinksWithoutExpiry").asBoolean()).isTrue();
		try {
			assertThat(anonymous().get(forever).status()).isEqualTo(202);
			assertThat(anonymous().get(farAhead).status()).isEqualTo(202);
		}
		finally {
			this.client.patch("/render-secret", "{\"allowLinksWithoutExpiry\":false}");
		}
		assertThat(jobsFor("https://example.com/unsigned") + jobsFor("https://example.com/expired")).isZero();
	}

	@Test
	void linksSignedWithTheRotatedOutSecretWorkUntilItsGraceEnds() {
		String old = link("https://example.com/rotated");

		JsonNode rotated = this.client.post("/render-secret/rotate", "application/json", "").json();
		String fresh = SignedLinks.sign(rotated.path("secret").asString(),
				params("https://example.com/rotated", Instant.now().plusSeconds(600)));

		assertThat(rotated.path("secret").asString()).isNotEqualTo(this.secret);
		assertThat(rotated.path("previousSecretValidUntil").isMissingNode()).isFalse();
		assertThat(anonymous().get(fresh).status()).isEqualTo(202);
		assertThat(anonymous().get(old).status()).as("in the grace period").isEqualTo(202);
		this.jdbc.sql("UPDATE tenant_render_secrets SET previous_valid_until = now() - interval '1 second'").update();
		assertThat(anonymous().get(old).status()).as("after it").isEqualTo(403);
		assertThat(anonymous().get(fresh).status()).isEqualTo(202);
	}

	@Test
	void unknownAndInvalidParametersOfASignedLinkAre400sNamingThem() {
		ApiClient.Response unknown = anonymous().get(link("https://example.com/bad", "widht", "800"));
		assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
		assertThat(unknown.json().path("errors").get(0).path("field").asString()).isEqualTo("widht");

		ApiClient.Response invalid = anonymous().get(link("https://example.com/bad", "width", "99999"));
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.json().path("errors").get(0).path("field").asString()).isEqualTo("width");

		ApiClient.Response notANumber = anonymous().get(link("https://example.com/bad", "clip.x", "left"));
		assertThat(notANumber.status()).isEqualTo(400);
		assertThat(notANumber.json().path("errors").get(0).path("field").asString()).isEqualTo("clip.x");

		ApiClient.Response badUrl = anonymous().get(link("ftp://example.com/bad"));
		assertThat(badUrl.status()).isEqualTo(400);
		assertThat(badUrl.json().path("errors").get(0).path("field").asString()).isEqualTo("url");

		ApiClient.Response nul = anonymous().get(link("https://example.com/bad", "css", "a\0b"));
		assertThat(nul.status()).isEqualTo(400);
		assertThat(nul.json().path("errors").get(0).path("field").asString()).isEqualTo("css");

		ApiClient.Response ttl = anonymous().get(link("https://example.com/bad", "cache_ttl", "-1"));
		assertThat(ttl.status()).isEqualTo(400);
		assertThat(ttl.json().path("errors").get(0).path("field").asString()).isEqualTo("cache_ttl");

		assertThat(jobsFor("https://example.com/bad")).isZero();
	}

	@Test
	void nestedListAndMapOptionsHaveAFlatQueryForm() {
		ApiClient.Response accepted = anonymous().get(link("https://example.com/flat", "clip.x", "10", "clip.y", "20",
				"clip.width", "300", "clip.height", "200", "hideSelectors", ".a", "hideSelectors", ".b",
				"extraHeaders.Accept-Language", "de", "actions.0.type", "click", "actions.0.selector", "#go",
				"actions.1.type", "wait", "actions.1.ms", "100", "format", "jpeg", "quality", "70"));

		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
		JsonNode options = this.client.get("/screenshots/" + accepted.json().path("id").asString())
			.json()
			.path("options");
		assertThat(options.path("clip").path("width").asInt()).isEqualTo(300);
		assertThat(options.path("hideSelectors").toString()).isEqualTo("[\".a\",\".b\"]");
		assertThat(options.path("extraHeaders").path("Accept-Language").asString()).isEqualTo("de");
		assertThat(options.path("actions").get(1).path("type").asString()).isEqualTo("wait");
		assertThat(options.path("format").asString()).isEqualTo("jpeg");
	}

	private ApiClient anonymous() {
		return this.client.withKey(null);
	}

	private int jobsFor(String url) {
		return this.jdbc.sql("SELECT count(*) FROM screenshot_jobs WHERE source_url = :url")
			.param("url", url)
			.query(Integer.class)
			.single();
	}

	private String link(String url, String... options) {
		return SignedLinks.sign(this.secret, params(url, Instant.now().plusSeconds(600), options));
	}

	private List<Map.Entry<String, String>> params(String url, Instant expires, String... options) {
		List<Map.Entry<String, String>> params = new ArrayList<>();
		params.add(Map.entry("url", url));
		for (int i = 0; i < options.length; i += 2) {
			params.add(Map.entry(options[i], options[i + 1]));
		}
		params.add(Map.entry("key", this.keyId));
		params.add(Map.entry("expires", String.valueOf(expires.getEpochSecond())));
		return params;
	}

}
