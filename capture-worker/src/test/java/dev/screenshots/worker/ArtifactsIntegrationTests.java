package dev.screenshots.worker;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.screenshots.testsupport.TestInfrastructure;
import dev.screenshots.testsupport.TestPages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a job keeps besides its picture, on real Chromium and S3: each page artifact
 * (html, text, metadata, har, console) read back from the store and checked for what the
 * page did; the size limit; thumbnails and {@code resize} checked on their pixels.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "capture.browser.pool-size=2", "capture.retry.max-attempts=1",
				"capture.artifacts.max-bytes=" + ArtifactsIntegrationTests.LIMIT })
@DirtiesContext
class ArtifactsIntegrationTests {

	static final int LIMIT = 64 * 1024;

	static final TestInfrastructure infrastructure = TestInfrastructure.create().migrate();

	static final TestPages pages = TestPages.start();

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	JsonMapper json;

	WorkerJobs jobs;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		infrastructure.register(registry);
	}

	@AfterAll
	static void cleanUp() {
		pages.close();
		infrastructure.close();
	}

	@BeforeEach
	void jobs() {
		this.jobs = new WorkerJobs(this.jdbc, this.rabbit, this.json, infrastructure);
	}

	@Test
	void everyPageArtifactIsStoredNextToTheImageAndShowsWhatThePageDid() {
		pages.respond("/static/logo.png", 200, "image/png", Map.of(), new byte[] { 1 });
		pages.html("/app.js",
				"document.body.insertAdjacentHTML('beforeend', '<p id=added>Added by a script</p>');"
						+ "console.log('hello from the page'); console.warn('careful'); console.error('it broke');"
						+ "fetch('/missing.json'); setTimeout(() => { throw new Error('uncaught boom'); }, 0);");
		String url = pages.html("/article", """
				<!doctype html><html lang="de"><head><title>Ein Artikel</title>
				<meta name="description" content="What the article is about">
				<meta property="og:title" content="The OG title"><meta property="og:image" content="/img/card.png">
				<meta name="twitter:card" content="summary_large_image">
				<link rel="icon" href="/static/favicon.png" sizes="32x32">
				<link rel="canonical" href="/article"></head>
				<body><h1>Headline</h1><p style="display:none">Hidden words</p>
				<img src="/static/logo.png"><img src="/ads/banner.png">
				<script src="/app.js"></script></body></html>""") + "?ref=mail";

		Map<String, Object> row = this.jobs.run(url,
				"{\"artifacts\":[\"console\",\"html\",\"text\",\"metadata\",\"har\"],\"waitUntil\":\"networkidle\","
						+ "\"blockUrlPatterns\":[\"**/ads/**\"]}");

		assertThat(row).as("job %s: %s", row.get("id"), row.get("error_message")).containsEntry("status", "completed");
		Map<String, JsonNode> artifacts = artifacts(row);
		assertThat(artifacts).containsOnlyKeys("html", "text", "metadata", "har", "console");
		String prefix = ((String) row.get("result_key")).replaceAll("\\.png$", "/");
		for (JsonNode artifact : artifacts.values()) {
			assertThat(artifact.path("key").asString()).startsWith(prefix);
			assertThat(artifact.path("truncated").asBoolean()).isFalse();
			assertThat(artifact.has("problem")).isFalse();
			byte[] stored = object(row, artifact);
			assertThat(stored).hasSize(artifact.path("bytes").asInt());
			assertThat(sha256(stored)).isEqualTo(artifact.path("sha256").asString());
		}
		assertThat(artifacts.get("html").path("contentType").asString()).isEqualTo("text/html; charset=utf-8");
		assertThat(artifacts.get("har").path("key").asString()).endsWith("/har.har");

		String html = text(row, artifacts.get("html"));
		assertThat(html).startsWith("<!DOCTYPE html>").contains("<p id=\"added\">Added by a script</p>");
		String text = text(row, artifacts.get("text"));
		assertThat(text).contains("Headline", "Added by a script").doesNotContain("Hidden words", "insertAdjacentHTML");

		JsonNode metadata = this.json.readTree(object(row, artifacts.get("metadata")));
		String origin = pages.url("");
		assertThat(metadata.path("url").asString()).isEqualTo(url);
		assertThat(metadata.path("status").asInt()).isEqualTo(200);
		assertThat(metadata.path("title").asString()).isEqualTo("Ein Artikel");
		assertThat(metadata.path("description").asString()).isEqualTo("What the article is about");
		assertThat(metadata.path("lang").asString()).isEqualTo("de");
		assertThat(metadata.path("canonical").asString()).isEqualTo(origin + "/article");
		assertThat(metadata.path("favicon").asString()).isEqualTo(origin + "/static/favicon.png");
		assertThat(metadata.path("icons").get(0).path("sizes").asString()).isEqualTo("32x32");
		assertThat(metadata.path("openGraph").path("title").asString()).isEqualTo("The OG title");
		assertThat(metadata.path("openGraph").path("image").asString()).isEqualTo(origin + "/img/card.png");
		assertThat(metadata.path("twitter").path("card").asString()).isEqualTo("summary_large_image");

		try {
			java.nio.file.Files.write(java.nio.file.Path.of("/tmp/DUMP.har"), object(row, artifacts.get("har")));
			java.nio.file.Files.write(java.nio.file.Path.of("/tmp/DUMP-meta.json"),
					object(row, artifacts.get("metadata")));
			java.nio.file.Files.write(java.nio.file.Path.of("/tmp/DUMP-console.json"),
					object(row, artifacts.get("console")));
		}
		catch (IOException e) {
		}
		JsonNode log = this.json.readTree(object(row, artifacts.get("har"))).path("log");
		assertThat(log.path("version").asString()).isEqualTo("1.2");
		assertThat(log.path("pages").get(0).path("title").asString()).isEqualTo("Ein Artikel");
		Map<String, JsonNode> entries = new java.util.LinkedHashMap<>();
		log.path("entries")
			.valueStream()
			.forEach((entry) -> entries.put(entry.path("request").path("url").asString(), entry));
		assertThat(entries).containsKeys(url, origin + "/static/logo.png", origin + "/ads/banner.png",
				origin + "/app.js", origin + "/missing.json");
		JsonNode page = entries.get(url);
		assertThat(page.path("response").path("status").asInt()).isEqualTo(200);
		assertThat(page.path("request").path("queryString").get(0).path("name").asString()).isEqualTo("ref");
		assertThat(page.path("response").path("content").path("mimeType").asString()).startsWith("text/html");
		assertThat(page.path("timings").path("wait").asDouble()).isGreaterThanOrEqualTo(0);
		assertThat(page.path("_resourceType").asString()).isEqualTo("document");
		assertThat(entries.get(origin + "/missing.json").path("response").path("status").asInt()).isEqualTo(404);
		JsonNode blocked = entries.get(origin + "/ads/banner.png");
		assertThat(blocked.path("_blocked").asString()).isEqualTo("options");
		assertThat(blocked.path("response").path("status").asInt()).isZero();
		assertThat(blocked.path("_failureText").asString()).isNotEmpty();
		assertThat(entries.get(origin + "/static/logo.png").has("_blocked")).isFalse();

		JsonNode console = this.json.readTree(object(row, artifacts.get("console")));
		List<String> messages = console.path("messages")
			.valueStream()
			.map((message) -> message.path("source").asString() + " " + message.path("level").asString() + " "
					+ message.path("text").asString())
			.toList();
		assertThat(messages).contains("console log hello from the page", "console warning careful",
				"console error it broke");
		assertThat(messages)
			.anyMatch((message) -> message.startsWith("page error") && message.contains("uncaught boom"));
		assertThat(console.path("leftOut").asInt()).isZero();
	}

	@Test
	void anArtifactOverTheLimitIsCutAndMarkedAndTheJobStillCompletes() {
		String paragraph = "<p>" + "Many words in a long page. ".repeat(40) + "</p>";
		String url = pages.html("/long", "<!doctype html><html><body>" + paragraph.repeat(100) + "<script>"
				+ "for (let i = 0; i < 2000; i++) console.log('message ' + i + ' ' + 'x'.repeat(60));</script></body></html>");

		Map<String, Object> row = this.jobs.run(url, "{\"artifacts\":[\"html\",\"text\",\"console\"]}");

		assertThat(row).as("job %s: %s", row.get("id"), row.get("error_message")).containsEntry("status", "completed");
		Map<String, JsonNode> artifacts = artifacts(row);
		for (String name : List.of("html", "text", "console")) {
			JsonNode artifact = artifacts.get(name);
			assertThat(artifact.path("truncated").asBoolean()).as(name).isTrue();
			assertThat(artifact.path("problem").asString()).as(name).isEqualTo("ARTIFACT_TRUNCATED");
			assertThat(artifact.path("message").asString()).as(name).isNotEmpty();
			assertThat(artifact.path("bytes").asInt()).as(name).isLessThanOrEqualTo(LIMIT).isGreaterThan(LIMIT / 2);
			assertThat(object(row, artifact)).as(name).hasSize(artifact.path("bytes").asInt());
		}
		assertThat(text(row, artifacts.get("text"))).startsWith("Many words in a long page.");
		JsonNode console = this.json.readTree(object(row, artifacts.get("console")));
		int kept = console.path("messages").size();
		assertThat(kept).isGreaterThan(100);
		assertThat(console.path("leftOut").asInt()).isEqualTo(2000 - kept);
		assertThat(console.path("messages").get(0).path("text").asString()).startsWith("message 0 ");
	}

	@Test
	void aThumbnailIsScaledWithAFilterAndCutOrPaddedAsTheFitSays() throws IOException {
		// left half red, right half blue; 1280 × 720
		String halves = pages.html("/halves",
				"<!doctype html><html><body style='margin:0'>"
						+ "<div style='display:flex;height:100vh'><div style='flex:1;background:rgb(255,0,0)'></div>"
						+ "<div style='flex:1;background:rgb(0,0,255)'></div></div></body></html>");

		Map<String, Object> proportional = this.jobs.run(halves, "{\"thumbnail\":{\"width\":320}}");
		BufferedImage thumbnail = thumbnail(proportional, 320, 180);
		assertThat(rgb(thumbnail, 40, 90)).isEqualTo(0xFF0000);
		assertThat(rgb(thumbnail, 280, 90)).isEqualTo(0x0000FF);
		assertThat(artifacts(proportional).get("thumbnail").path("contentType").asString()).isEqualTo("image/png");
		assertThat(this.jobs.output(proportional)).as("the image itself is untouched")
			.satisfies((bytes) -> assertThat(ImageIO.read(new ByteArrayInputStream(bytes)).getWidth()).isEqualTo(1280));

		Map<String, Object> cover = this.jobs.run(halves,
				"{\"thumbnail\":{\"width\":200,\"height\":200,\"format\":\"jpeg\",\"quality\":95}}");
		BufferedImage square = thumbnail(cover, 200, 200);
		assertThat(artifacts(cover).get("thumbnail").path("contentType").asString()).isEqualTo("image/jpeg");
		// cut from the middle: the colours change at the centre
		assertThat(near(rgb(square, 60, 100), 0xFF0000)).isTrue();
		assertThat(near(rgb(square, 140, 100), 0x0000FF)).isTrue();

		Map<String, Object> contain = this.jobs.run(halves,
				"{\"thumbnail\":{\"width\":200,\"height\":200,\"fit\":\"contain\"}}");
		BufferedImage padded = thumbnail(contain, 200, 200);
		assertThat(padded.getRGB(100, 5) >>> 24).as("transparent padding above").isZero();
		assertThat(padded.getRGB(100, 195) >>> 24).as("transparent padding below").isZero();
		assertThat(rgb(padded, 40, 100)).isEqualTo(0xFF0000);

		Map<String, Object> inside = this.jobs.run(halves,
				"{\"thumbnail\":{\"width\":200,\"height\":200,\"fit\":\"inside\",\"format\":\"webp\"}}");
		thumbnail(inside, 200, 113);
		assertThat(artifacts(inside).get("thumbnail").path("contentType").asString()).isEqualTo("image/webp");
	}

	@Test
	void scalingAveragesFineDetailInsteadOfPickingPixels() throws IOException {
		// one-pixel black and white columns: a filter gives grey, nearest-neighbour gives
		// black or white
		String stripes = pages.html("/stripes", "<!doctype html><html><body style='margin:0;height:100vh;"
				+ "background:repeating-linear-gradient(90deg,#000 0,#000 1px,#fff 1px,#fff 2px)'></body></html>");

		Map<String, Object> row = this.jobs.run(stripes, "{\"resize\":{\"width\":320}}");

		assertThat(row).as("job %s: %s", row.get("id"), row.get("error_message")).containsEntry("status", "completed");
		assertThat(row).containsEntry("result_width", 320).containsEntry("result_height", 180);
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(this.jobs.output(row)));
		try {
			java.nio.file.Files.write(java.nio.file.Path.of("/tmp/DUMP-stripes.png"), this.jobs.output(row));
		}
		catch (IOException e) {
		}
		assertThat(image.getWidth()).isEqualTo(320);
		for (int x = 100; x < 110; x++) {
			int grey = rgb(image, x, 90) & 0xFF;
			assertThat(grey).as("pixel %d", x).isBetween(96, 160);
		}
	}

	@Test
	void aResizeOverThePixelBudgetFailsTheJobAsABadRequest() {
		Map<String, Object> row = this.jobs.run(pages.html("/big", "<!doctype html><p>x</p>"),
				"{\"resize\":{\"width\":8000}}");

		assertThat(row).containsEntry("status", "failed").containsEntry("error_code", "INVALID_REQUEST");
		assertThat((String) row.get("error_message")).contains("resize", "megapixels");
	}

	@Test
	void aPdfThumbnailShowsItsFirstPage() throws IOException {
		String url = pages.html("/document", "<!doctype html><html><body style='margin:0'>"
				+ "<div style='height:100vh;background:rgb(0,128,0)'></div></body></html>");

		Map<String, Object> row = this.jobs.run(url, "{\"format\":\"pdf\",\"thumbnail\":{\"width\":200}}");

		BufferedImage page = thumbnail(row, 200, 283);
		assertThat(near(rgb(page, 100, 40), 0x008000)).isTrue();
	}

	private BufferedImage thumbnail(Map<String, Object> row, int width, int height) throws IOException {
		assertThat(row).as("job %s: %s", row.get("id"), row.get("error_message")).containsEntry("status", "completed");
		JsonNode thumbnail = artifacts(row).get("thumbnail");
		assertThat(thumbnail).isNotNull();
		assertThat(thumbnail.path("width").asInt()).isEqualTo(width);
		assertThat(thumbnail.path("height").asInt()).isEqualTo(height);
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(object(row, thumbnail)));
		try {
			java.nio.file.Files.write(
					java.nio.file.Path.of("/tmp/DUMP-thumb-" + width + "x" + height + "-" + row.get("id")),
					object(row, thumbnail));
		}
		catch (IOException e) {
		}
		assertThat(image).as("decodable").isNotNull();
		assertThat(image.getWidth()).isEqualTo(width);
		assertThat(image.getHeight()).isEqualTo(height);
		return image;
	}

	private Map<String, JsonNode> artifacts(Map<String, Object> row) {
		Map<String, JsonNode> byName = new java.util.LinkedHashMap<>();
		this.json.readTree(String.valueOf(row.get("result_artifacts")))
			.valueStream()
			.forEach((artifact) -> byName.put(artifact.path("name").asString(), artifact));
		return byName;
	}

	private static byte[] object(Map<String, Object> row, JsonNode artifact) {
		return infrastructure.s3()
			.client()
			.getObjectAsBytes(
					(request) -> request.bucket((String) row.get("result_bucket")).key(artifact.path("key").asString()))
			.asByteArray();
	}

	private static String text(Map<String, Object> row, JsonNode artifact) {
		return new String(object(row, artifact), StandardCharsets.UTF_8);
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int rgb(BufferedImage image, int x, int y) {
		return image.getRGB(x, y) & 0xFFFFFF;
	}

	/** Within a JPEG's error of a colour, per channel. */
	private static boolean near(int actual, int expected) {
		for (int shift = 0; shift <= 16; shift += 8) {
			if (Math.abs(((actual >> shift) & 0xFF) - ((expected >> shift) & 0xFF)) > 24) {
				return false;
			}
		}
		return true;
	}

}
