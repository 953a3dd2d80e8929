package dev.screenshots.api;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.screenshots.testsupport.ApiClient;
import dev.screenshots.testsupport.Closeables;
import dev.screenshots.testsupport.SystemUnderTest;
import dev.screenshots.testsupport.TestInfrastructure;
import dev.screenshots.testsupport.TestPages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signed render links as a web page uses them, and the result cache behind them (also as
 * {@code cache} on a submit): two api-service processes and a worker on real PostgreSQL,
 * RabbitMQ, S3 and Chromium, links signed by {@link SignedLinks} (not the service's code)
 * and fetched without an API key.
 */
class RenderLinkIntegrationTests {

	static TestInfrastructure infrastructure;

	static TestPages pages;

	static SystemUnderTest system;

	static String secret;

	static String keyId;

	static final JsonMapper JSON = JsonMapper.builder().build();

	@BeforeAll
	static void startSystem() {
		infrastructure = TestInfrastructure.create();
		pages = TestPages.start();
		system = new SystemUnderTest("render", infrastructure).startApi(Map.of())
			.startApi(Map.of())
			.startWorker(Map.of());
		JsonNode render = system.client().get("/render-secret").json();
		secret = render.path("secret").asString();
		keyId = render.path("keyId").asString();
	}

	@AfterAll
	static void stopSystem() {
		Closeables.closeAll(system, pages, infrastructure);
	}

	@Test
	void aSignedLinkAnswersTheImageAndLaterRequestsAreServedFromTheCacheOrRevalidated() {
		String url = pages.html("/render-teal", TestPages.solidColour("rgb(0, 128, 128)"));
		String link = link(url, "width", "400", "height", "300");

		ApiClient.Response first = anonymous(0).get(link);

		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		assertThat(first.contentType()).isEqualTo("image/png");
		assertThat(first.header("X-Cache")).isEqualTo("miss");
		BufferedImage image = decode(first);
		assertThat(image.getWidth()).isEqualTo(400);
		assertThat(image.getHeight()).isEqualTo(300);
		assertThat(rgb(image, 10, 10)).isEqualTo(0x008080);
		assertThat(rgb(image, 390, 290)).isEqualTo(0x008080);
		String etag = first.header("ETag");
		assertThat(etag).matches("\"[0-9a-f]{64}\"");
		assertThat(first.header("Cache-Control")).matches("max-age=\\d+, public");
		long maxAge = Long.parseLong(first.header("Cache-Control").replaceAll("\\D", ""));
		assertThat(maxAge).as("the link's expiry (10 minutes) comes before the default TTL (a day)")
			.isBetween(1L, 600L);

		ApiClient.Response second = anonymous(1).get(link);
		assertThat(second.status()).isEqualTo(200);
		assertThat(second.header("X-Cache")).as("the other instance reads the same cache").isEqualTo("hit");
		assertThat(second.body()).isEqualTo(first.body());
		assertThat(pages.hits("/render-teal")).as("one capture").isEqualTo(1);

		ApiClient.Response revalidated = anonymous(0).get(link, Map.of("If-None-Match", etag));
		assertThat(revalidated.status()).isEqualTo(304);
		assertThat(revalidated.body()).isEmpty();
		assertThat(revalidated.header("ETag")).isEqualTo(etag);

		String jobId = first.header("Screenshot-Job-Id");
		ApiClient.Response image304 = system.client()
			.get("/screenshots/" + jobId + "/image", Map.of("If-None-Match", etag));
		assertThat(image304.status()).isEqualTo(304);
		ApiClient.Response image200 = system.client()
			.get("/screenshots/" + jobId + "/image", Map.of("If-None-Match", "\"other\""));
		assertThat(image200.status()).isEqualTo(200);
		assertThat(image200.body()).isEqualTo(first.body());

		ApiClient.Response refreshed = anonymous(1).get(link(url, "width", "400", "height", "300", "refresh", "true"));
		assertThat(refreshed.status()).isEqualTo(200);
		assertThat(refreshed.header("X-Cache")).isEqualTo("miss");
		assertThat(pages.hits("/render-teal")).as("refresh captures again").isEqualTo(2);
	}

	@Test
	void fiftyIdenticalLinksArrivingTogetherOnTwoInstancesMakeOneCapture() throws InterruptedException {
		String url = pages.html("/render-together", TestPages.solidColour("rgb(200, 100, 0)"));
		String link = link(url, "width", "320", "height", "200");
		List<ApiClient.Response> responses = Collections.synchronizedList(new ArrayList<>());
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			ApiClient client = anonymous(i % 2);
			threads.add(Thread.ofPlatform().start(() -> responses.add(client.get(link))));
		}
		for (Thread thread : threads) {
			thread.join();
		}

		assertThat(responses).hasSize(50);
		assertThat(responses)
			.allSatisfy((response) -> assertThat(response.status()).as(response.toString()).isEqualTo(200));
		assertThat(responses.stream().map((response) -> Arrays.hashCode(response.body())).distinct())
			.as("one picture for all")
			.hasSize(1);
		assertThat(rgb(decode(responses.get(0)), 160, 100)).isEqualTo(0xC86400);
		assertThat(pages.hits("/render-together")).isEqualTo(1);
		assertThat(infrastructure.jdbc()
			.sql("SELECT count(*) FROM screenshot_jobs WHERE source_url = :url")
			.param("url", url)
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

	@Test
	void aSignedLinkInAnImgTagOfARealPageShowsThePicture() throws IOException {
		String url = pages.html("/render-magenta", TestPages.solidColour("rgb(255, 0, 255)"));
		String link = link(url, "width", "200", "height", "150");
		assertThat(anonymous(0).get(link).status()).as("captured before the page embeds it").isEqualTo(200);
		String src = "http://127.0.0.1:" + system.apiPort(0) + link;
		String html = "<!doctype html><html><body style='margin:0;background:rgb(255,255,255)'>" + "<img src=\""
				+ src.replace("&", "&amp;") + "\" style='display:block'></body></html>";

		ApiClient.Response accepted = system.client()
			.submit("{\"html\":" + JSON.writeValueAsString(html) + ",\"options\":{\"width\":400,\"height\":300}}");
		JsonNode job = system.client().awaitTerminal(accepted.json().path("id").asString());

		assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("completed");
		ApiClient.Response picture = system.client().get("/screenshots/" + job.path("id").asString() + "/image");
		BufferedImage page = ImageIO.read(new ByteArrayInputStream(picture.body()));
		assertThat(rgb(page, 100, 75)).as("the linked picture, in the <img>").isEqualTo(0xFF00FF);
		assertThat(rgb(page, 199, 149)).isEqualTo(0xFF00FF);
		assertThat(rgb(page, 300, 250)).as("the page around it").isEqualTo(0xFFFFFF);
	}

	@Test
	void aLinkWhoseCaptureFailsAnswersTheJobsErrorAsProblemJson() {
		String url = pages.respond("/render-missing", 404, "text/html", Map.of(), "<h1>gone</h1>".getBytes());

		ApiClient.Response failed = anonymous(0).get(link(url, "failOnHttpError", "true"));

		assertThat(failed.status()).as(failed.toString()).isEqualTo(502);
		assertThat(failed.contentType()).isEqualTo("application/problem+json");
		assertThat(failed.json().path("code").asString()).isEqualTo("HTTP_ERROR");
		assertThat(failed.json().path("jobId").asString()).isNotEmpty();
		assertThat(failed.header("Cache-Control")).isEqualTo("no-store");
	}

	@Test
	void aSubmitWithCacheIsAnsweredFromAnEarlierCaptureWithACompletedJobOfItsOwn() {
		String url = pages.html("/cache-post", TestPages.solidColour("rgb(0, 0, 200)"));
		String request = "{\"url\":\"" + url
				+ "\",\"options\":{\"width\":300,\"height\":200},\"cache\":{\"ttl\":3600}}";
		JsonNode original = system.client().awaitTerminal(system.client().submit(request).json().path("id").asString());
		assertThat(original.path("status").asString()).isEqualTo("completed");
		assertThat(original.path("result").has("cachedFrom")).isFalse();

		ApiClient.Response cached = system.client(1).submit(request);

		assertThat(cached.status()).as(cached.toString()).isEqualTo(201);
		JsonNode job = cached.json();
		assertThat(job.path("id").asString()).isNotEqualTo(original.path("id").asString());
		assertThat(job.path("status").asString()).isEqualTo("completed");
		assertThat(job.path("result").path("cachedFrom").asString()).isEqualTo(original.path("id").asString());
		assertThat(job.path("result").path("sha256").asString())
			.isEqualTo(original.path("result").path("sha256").asString());
		assertThat(job.path("steps").valueStream().map((step) -> step.path("status").asString()).toList())
			.containsExactly("pending", "completed");
		ApiClient.Response image = system.client().get("/screenshots/" + job.path("id").asString() + "/image");
		assertThat(rgb(decode(image), 150, 100)).isEqualTo(0x0000C8);
		assertThat(pages.hits("/cache-post")).as("answered without capturing").isEqualTo(1);

		ApiClient.Response refreshed = system.client()
			.submit(request.replace("\"ttl\":3600", "\"ttl\":3600,\"refresh\":true"));
		ApiClient.Response uncached = system.client().submit(request.replace(",\"cache\":{\"ttl\":3600}", ""));
		assertThat(refreshed.status()).isEqualTo(202);
		assertThat(uncached.status()).isEqualTo(202);
		system.client().awaitTerminal(refreshed.json().path("id").asString());
		system.client().awaitTerminal(uncached.json().path("id").asString());
		assertThat(pages.hits("/cache-post")).as("refresh and no cache capture again").isEqualTo(3);
		ApiClient.Response tooLong = system.client().submit(request.replace("3600", "99999999"));
		assertThat(tooLong.status()).isEqualTo(400);
		assertThat(tooLong.json().path("errors").get(0).path("field").asString()).isEqualTo("cache.ttl");
	}

	private static ApiClient anonymous(int instance) {
		return system.client(instance).withKey(null);
	}

	private static String link(String url, String... options) {
		List<Map.Entry<String, String>> params = new ArrayList<>();
		params.add(Map.entry("url", url));
		for (int i = 0; i < options.length; i += 2) {
			params.add(Map.entry(options[i], options[i + 1]));
		}
		params.add(Map.entry("key", keyId));
		params.add(Map.entry("expires", String.valueOf(Instant.now().plusSeconds(600).getEpochSecond())));
		return SignedLinks.sign(secret, params);
	}

	private static BufferedImage decode(ApiClient.Response response) {
		try {
			return ImageIO.read(new ByteArrayInputStream(response.body()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int rgb(BufferedImage image, int x, int y) {
		return image.getRGB(x, y) & 0xFFFFFF;
	}

}
