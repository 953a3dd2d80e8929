package dev.screenshots.api;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.screenshots.testsupport.ApiClient;
import dev.screenshots.testsupport.Closeables;
import dev.screenshots.testsupport.SystemUnderTest;
import dev.screenshots.testsupport.TestInfrastructure;
import dev.screenshots.testsupport.TestPages;
import dev.screenshots.testsupport.Zips;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole system as a user meets it: api-service and capture-worker started from their
 * jars as separate processes, on real PostgreSQL, RabbitMQ, S3 (S3Mock) and Chromium,
 * driven over HTTP.
 */
class EndToEndIntegrationTests {

	static TestInfrastructure infrastructure;

	static TestPages pages;

	static SystemUnderTest system;

	static ApiClient client;

	static final JsonMapper JSON = JsonMapper.builder().build();

	@BeforeAll
	static void startSystem() {
		infrastructure = TestInfrastructure.create();
		pages = TestPages.start();
		system = new SystemUnderTest("e2e", infrastructure).startApi(Map.of()).startWorker(Map.of());
		client = system.client();
	}

	@AfterAll
	static void stopSystem() {
		Closeables.closeAll(system, pages, infrastructure);
	}

	@Test
	void localPageIsCapturedAsAPngOfTheRequestedSizeAndStoredUnderItsDatePartitionedKey()
			throws IOException, InterruptedException {
		String url = pages.html("/teal", TestPages.solidColour("rgb(0, 128, 128)"));

		ApiClient.Response accepted = client
			.submit("{\"url\":\"" + url + "\",\"options\":{\"width\":1024,\"height\":600,\"format\":\"png\"}}");

		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
		String id = accepted.json().path("id").asString();
		JsonNode job = client.awaitTerminal(id);
		assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("completed");
		assertThat(job.path("steps").valueStream().map((step) -> step.path("status").asString()).toList())
			.containsExactly("pending", "processing", "validating", "creating_sandbox", "syncing_files", "capturing",
					"storing", "completed");
		// every step the job left has its duration, the time until the next one began
		List<JsonNode> steps = job.path("steps").valueStream().toList();
		for (int i = 0; i < steps.size() - 1; i++) {
			long untilNext = Duration
				.between(Instant.parse(steps.get(i).path("enteredAt").asString()),
						Instant.parse(steps.get(i + 1).path("enteredAt").asString()))
				.toMillis();
			assertThat(steps.get(i).path("durationMs").asLong()).as(steps.get(i).toString())
				.isBetween(untilNext - 1, untilNext + 1);
		}
		assertThat(steps.get(steps.size() - 1).has("durationMs")).as("the terminal step").isFalse();
		JsonNode result = job.path("result");
		assertThat(result.path("contentType").asString()).isEqualTo("image/png");
		assertThat(result.path("width").asInt()).isEqualTo(1024);
		assertThat(result.path("height").asInt()).isEqualTo(600);
		String key = result.path("storageKey").asString();
		assertThat(key).matches("screenshots/\\d{4}/\\d{2}/\\d{2}/" + id + "\\.png");
		assertThat(key)
			.startsWith("screenshots/" + job.path("createdAt").asString().substring(0, 10).replace('-', '/'));

		ApiClient.Response image = client.get("/screenshots/" + id + "/image");
		assertThat(image.status()).isEqualTo(200);
		assertThat(image.contentType()).isEqualTo("image/png");
		assertThat(image.body()).hasSize(result.path("bytes").asInt());
		BufferedImage png = ImageIO.read(new ByteArrayInputStream(image.body()));
		assertThat(png.getWidth()).isEqualTo(1024);
		assertThat(png.getHeight()).isEqualTo(600);
		assertThat(png.getRGB(10, 10) & 0xFFFFFF).isEqualTo(0x008080);
		assertThat(png.getRGB(1000, 590) & 0xFFFFFF).isEqualTo(0x008080);

		String presigned = result.path("downloadUrl").asString();
		assertThat(presigned).contains("X-Amz-Expires=900").contains("X-Amz-Signature=");
		java.net.http.HttpResponse<byte[]> direct = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(presigned)).build(),
					java.net.http.HttpResponse.BodyHandlers.ofByteArray());
		assertThat(direct.statusCode()).as("presigned download without an API key").isEqualTo(200);
		assertThat(direct.body()).isEqualTo(image.body());

		HeadObjectResponse object = infrastructure.s3()
			.client()
			.headObject((request) -> request.bucket(infrastructure.bucket()).key(key));
		assertThat(object.contentType()).isEqualTo("image/png");
		assertThat(object.contentLength()).isEqualTo(image.body().length);
		assertThat(object.metadata()).containsEntry("job-id", id);
	}

	@Test
	void inlineHtmlRendersFromItsPrivateOriginAndLoadsAllowedExternalResources() throws IOException {
		String external = pages.respond("/e2e-external.png", 200, "image/png", Map.of(), png(100, 100, 0xFF0000));
		String html = "<!doctype html><html><body style='margin:0;background:rgb(0,0,255)'>" + "<img src='" + external
				+ "' style='display:block'>" + "<script>document.title = location.origin;</script></body></html>";

		JsonNode job = complete(client
			.submit("{\"html\":" + JSON.writeValueAsString(html) + ",\"options\":{\"width\":640,\"height\":400}}"));

		String id = job.path("id").asString();
		assertThat(job.path("source").path("type").asString()).isEqualTo("html");
		assertThat(job.path("source").path("entry").asString()).isEqualTo("index.html");
		assertThat(job.path("result").path("finalUrl").asString())
			.isEqualTo("https://" + id + ".screenshot.invalid/index.html");
		assertThat(job.path("result").path("title").asString()).isEqualTo("https://" + id + ".screenshot.invalid");
		BufferedImage image = image(id);
		assertThat(rgb(image, 50, 50)).as("the external image").isEqualTo(0xFF0000);
		assertThat(rgb(image, 500, 300)).as("the inline page's background").isEqualTo(0x0000FF);
		assertThat(pages.hits("/e2e-external.png")).isEqualTo(1);
	}

	@Test
	void bundleFilesResolveByRelativePathsShowInThePixelsAndNothingOutsideIsReached() throws IOException {
		String outside = pages.respond("/e2e-outside.png", 200, "image/png", Map.of(), png(10, 10, 0x000000));
		String index = "<!doctype html><html><head><link rel=stylesheet href='css/site.css'></head><body>"
				+ "<img src='img/red%20square.png' style='display:block'>" + "<img src='" + outside + "'><iframe src='"
				+ pages.url("/e2e-outside-frame") + "'></iframe>" + "<script src='js/app.js'></script>"
				+ "<script>fetch('" + pages.url("/e2e-outside-fetch") + "').catch(() => {});</script></body></html>";

		ApiClient.Response accepted = client.postMultipart("/screenshots",
				List.of(ApiClient.Part.field("request", "{\"options\":{\"width\":640,\"height\":400}}"),
						ApiClient.Part.file("files", "index.html", index.getBytes(StandardCharsets.UTF_8)),
						ApiClient.Part.file("files", "css/site.css",
								"body { margin: 0; background: rgb(0,255,0); }".getBytes(StandardCharsets.UTF_8)),
						ApiClient.Part.file("files", "img/red square.png", png(100, 100, 0xFF0000)),
						ApiClient.Part.file("files", "js/app.js",
								"document.title = 'bundled script ran';".getBytes(StandardCharsets.UTF_8))));

		JsonNode job = complete(accepted);
		String id = job.path("id").asString();
		assertThat(job.path("source").path("type").asString()).isEqualTo("bundle");
		assertThat(job.path("source").path("files").asInt()).isEqualTo(4);
		assertThat(job.path("result").path("title").asString()).isEqualTo("bundled script ran");
		assertThat(job.path("result").path("blockedRequests").asInt()).isPositive();
		assertThat(job.path("result").path("blockedRequestsByReason").path("policy").asInt())
			.as("a bundle reaches nothing outside: the policy refused them all")
			.isEqualTo(job.path("result").path("blockedRequests").asInt());
		BufferedImage image = image(id);
		assertThat(rgb(image, 50, 50)).as("the bundled image").isEqualTo(0xFF0000);
		assertThat(rgb(image, 600, 380)).as("the bundled style sheet").isEqualTo(0x00FF00);
		assertThat(pages.hits("/e2e-outside.png")).isZero();
		assertThat(pages.hits("/e2e-outside-frame")).isZero();
		assertThat(pages.hits("/e2e-outside-fetch")).isZero();
		assertThat(infrastructure.s3()
			.client()
			.listObjectsV2((request) -> request.bucket(infrastructure.bucket()).prefix("sources/" + id + "/"))
			.contents()).hasSize(4);
	}

	@Test
	void zipBundleOpensTheNamedEntryAndResolvesParentRelativePaths() throws IOException {
		Map<String, byte[]> files = new LinkedHashMap<>();
		files.put("pages/report.html", ("<!doctype html><html><head><link rel=stylesheet href='../assets/report.css'>"
				+ "</head><body><div id=box></div></body></html>")
			.getBytes(StandardCharsets.UTF_8));
		files.put("assets/report.css",
				("body { margin: 0; background: rgb(0,0,255); }"
						+ " #box { width: 200px; height: 200px; background: url(stripe.png); }")
					.getBytes(StandardCharsets.UTF_8));
		files.put("assets/stripe.png", png(10, 10, 0xFFFF00));

		JsonNode job = complete(client.postMultipart("/screenshots",
				List.of(ApiClient.Part.field("request",
						"{\"entry\":\"pages/report.html\",\"options\":{\"width\":400,\"height\":300}}"),
						ApiClient.Part.file("bundle", "site.zip", Zips.of(files)))));

		assertThat(job.path("source").path("entry").asString()).isEqualTo("pages/report.html");
		BufferedImage image = image(job.path("id").asString());
		assertThat(rgb(image, 100, 100)).as("the tiled background from ../assets").isEqualTo(0xFFFF00);
		assertThat(rgb(image, 350, 250)).isEqualTo(0x0000FF);
	}

	@Test
	void artifactsAndTheThumbnailAreListedAndServedByNameByPresignedUrlAndFromTheCache() throws Exception {
		String url = pages.html("/e2e-artifacts", "<!doctype html><html lang='en'><head><title>Artifact page</title>"
				+ "<meta property='og:title' content='Shared title'></head><body style='margin:0;background:rgb(0,128,0)'>"
				+ "<h1>Visible heading</h1><script>console.info('page says hi')</script></body></html>");
		String request = "{\"url\":\"" + url + "\",\"options\":{\"artifacts\":[\"metadata\",\"text\",\"console\"],"
				+ "\"thumbnail\":{\"width\":256}},\"cache\":{\"ttl\":3600}}";

		JsonNode job = client.awaitTerminal(client.submit(request).json().path("id").asString());

		assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("completed");
		String id = job.path("id").asString();
		assertThat(job.path("options").path("artifacts").valueStream().map(JsonNode::asString).toList())
			.containsExactly("text", "metadata", "console");
		Map<String, JsonNode> artifacts = new java.util.LinkedHashMap<>();
		job.path("result").path("artifacts").valueStream().forEach((a) -> artifacts.put(a.path("name").asString(), a));
		assertThat(artifacts).containsOnlyKeys("text", "metadata", "console", "thumbnail");
		assertThat(job.path("links").path("thumbnail").asString())
			.endsWith("/screenshots/" + id + "/artifacts/thumbnail");
		for (JsonNode artifact : artifacts.values()) {
			assertThat(artifact.path("status").asString()).isEqualTo("stored");
			String name = artifact.path("name").asString();
			assertThat(artifact.path("url").asString()).endsWith("/screenshots/" + id + "/artifacts/" + name);
			ApiClient.Response served = client.get("/screenshots/" + id + "/artifacts/" + name);
			assertThat(served.status()).as(name).isEqualTo(200);
			assertThat(served.contentType()).as(name)
				.isEqualToIgnoringWhitespace(artifact.path("contentType").asString());
			assertThat(served.body()).as(name).hasSize(artifact.path("bytes").asInt());
			assertThat(served.header("ETag")).isEqualTo("\"" + artifact.path("sha256").asString() + "\"");
			assertThat(served.header("Content-Security-Policy")).as("no script of a capture runs on the API's origin")
				.isEqualTo("sandbox");
			assertThat(client
				.get("/screenshots/" + id + "/artifacts/" + name, Map.of("If-None-Match", served.header("ETag")))
				.status()).isEqualTo(304);
			java.net.http.HttpResponse<byte[]> direct = java.net.http.HttpClient.newHttpClient()
				.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(artifact.path("downloadUrl").asString()))
					.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
			assertThat(direct.statusCode()).as("presigned %s without an API key", name).isEqualTo(200);
			assertThat(direct.body()).isEqualTo(served.body());
		}
		assertThat(new String(client.get("/screenshots/" + id + "/artifacts/text").body(), StandardCharsets.UTF_8))
			.contains("Visible heading");
		JsonNode metadata = JSON.readTree(client.get("/screenshots/" + id + "/artifacts/metadata").body());
		assertThat(metadata.path("openGraph").path("title").asString()).isEqualTo("Shared title");
		assertThat(new String(client.get("/screenshots/" + id + "/artifacts/console").body(), StandardCharsets.UTF_8))
			.contains("page says hi");
		BufferedImage thumbnail = ImageIO
			.read(new ByteArrayInputStream(client.get("/screenshots/" + id + "/artifacts/thumbnail").body()));
		assertThat(thumbnail.getWidth()).isEqualTo(256);
		assertThat(thumbnail.getHeight()).isEqualTo(144);
		assertThat(rgb(thumbnail, 200, 100)).isEqualTo(0x008000);

		ApiClient.Response unknown = client.get("/screenshots/" + id + "/artifacts/har");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.json().path("code").asString()).isEqualTo("ARTIFACT_NOT_FOUND");
		assertThat(unknown.json().path("available").valueStream().map(JsonNode::asString).toList())
			.containsExactlyInAnyOrder("text", "metadata", "console", "thumbnail");

		ApiClient.Response hit = client.submit(request);
		assertThat(hit.status()).as(hit.toString()).isEqualTo(201);
		assertThat(hit.json().path("result").path("cachedFrom").asString()).isEqualTo(id);
		String copy = hit.json().path("id").asString();
		assertThat(hit.json().path("result").path("artifacts").size()).isEqualTo(4);
		assertThat(client.get("/screenshots/" + copy + "/artifacts/metadata").body())
			.isEqualTo(client.get("/screenshots/" + id + "/artifacts/metadata").body());

		// a retried submit (the same Idempotency-Key) is answered as the first was: 201
		Map<String, String> key = Map.of("Idempotency-Key", "cache-hit-" + id);
		ApiClient.Response first = client.post("/screenshots", "application/json", request, key);
		assertThat(first.status()).as(first.toString()).isEqualTo(201);
		ApiClient.Response retried = client.post("/screenshots", "application/json", request, key);
		assertThat(retried.status()).as(retried.toString()).isEqualTo(201);
		assertThat(retried.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
		assertThat(retried.json().path("result").path("cachedFrom").asString()).isEqualTo(id);
	}

	@Test
	void pageThatNeverFinishesLoadingEndsFailedWithNavigationTimeout() {
		String url = pages.neverFinishes("/never");

		String id = client.submit("{\"url\":\"" + url + "\",\"options\":{\"timeoutMs\":2000}}")
			.json()
			.path("id")
			.asString();

		JsonNode job = client.awaitTerminal(id);
		assertThat(job.path("status").asString()).isEqualTo("failed");
		assertThat(job.path("error").path("code").asString()).isEqualTo("NAVIGATION_TIMEOUT");
		assertThat(job.path("error").path("step").asString()).isEqualTo("syncing_files");
		assertThat(job.path("error").path("message").asString()).contains("2000 ms");
		assertThat(job.has("result")).isFalse();
		assertThat(client.get("/screenshots/" + id + "/image").status()).isEqualTo(409);
	}

	private static JsonNode complete(ApiClient.Response accepted) {
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
		JsonNode job = client.awaitTerminal(accepted.json().path("id").asString());
		assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("completed");
		return job;
	}

	private static BufferedImage image(String id) throws IOException {
		ApiClient.Response image = client.get("/screenshots/" + id + "/image");
		assertThat(image.status()).isEqualTo(200);
		return ImageIO.read(new ByteArrayInputStream(image.body()));
	}

	private static int rgb(BufferedImage image, int x, int y) {
		return image.getRGB(x, y) & 0xFFFFFF;
	}

	private static byte[] png(int width, int height, int rgb) throws IOException {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		for (int x = 0; x < width; x++) {
			for (int y = 0; y < height; y++) {
				image.setRGB(x, y, rgb);
			}
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "png", out);
		return out.toByteArray();
	}

}
