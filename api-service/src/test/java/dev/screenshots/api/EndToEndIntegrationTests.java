package dev.screenshots.api;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import tools.jackson.databind.JsonNode;

import dev.screenshots.testsupport.JavaProcess;
import dev.screenshots.testsupport.TestInfrastructure;
import dev.screenshots.testsupport.TestPages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole system as a user meets it: api-service and capture-worker started from their
 * jars as separate processes, on real PostgreSQL, RabbitMQ, S3 (S3Mock) and Chromium,
 * driven over HTTP.
 */
class EndToEndIntegrationTests {

	static TestInfrastructure infrastructure;

	static TestPages pages;

	static JavaProcess api;

	static JavaProcess worker;

	static ApiClient client;

	@BeforeAll
	static void startSystem() {
		infrastructure = TestInfrastructure.create();
		pages = TestPages.start();
		int apiPort = freePort();
		int workerPort = freePort();
		List<String> jvm = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1");
		api = JavaProcess
			.of("e2e-api-service", jar("api.jar"), jvm, infrastructure.arguments(Map.of("server.port", "" + apiPort)),
					Map.of())
			.start()
			.awaitHttpOk("http://127.0.0.1:" + apiPort + "/actuator/health", Duration.ofSeconds(90));
		worker = JavaProcess
			.of("e2e-capture-worker", jar("worker.jar"), jvm,
					infrastructure.arguments(Map.of("server.port", "" + workerPort)),
					Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"))
			.start()
			.awaitHttpOk("http://127.0.0.1:" + workerPort + "/actuator/health", Duration.ofSeconds(90));
		client = new ApiClient("http://127.0.0.1:" + apiPort);
	}

	@AfterAll
	static void stopSystem() {
		List<Runnable> stops = new ArrayList<>();
		if (worker != null) {
			stops.add(() -> worker.stop(Duration.ofSeconds(30)));
		}
		if (api != null) {
			stops.add(() -> api.stop(Duration.ofSeconds(30)));
		}
		if (pages != null) {
			stops.add(pages::close);
		}
		if (infrastructure != null) {
			stops.add(infrastructure::close);
		}
		stops.forEach(Runnable::run);
	}

	@Test
	void localPageIsCapturedAsAPngOfTheRequestedSizeAndStoredUnderItsDatePartitionedKey() throws IOException {
		String url = pages.html("/teal", TestPages.solidColour("rgb(0, 128, 128)"));

		ApiClient.Response accepted = client
			.submit("{\"url\":\"" + url + "\",\"options\":{\"width\":1024,\"height\":600,\"format\":\"png\"}}");

		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
		String id = accepted.json().path("id").asString();
		JsonNode job = client.awaitTerminal(id, Duration.ofSeconds(10));
		assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("completed");
		assertThat(job.path("steps").valueStream().map((step) -> step.path("status").asString()).toList())
			.containsExactly("pending", "processing", "validating", "creating_sandbox", "syncing_files", "capturing",
					"storing", "completed");
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

		HeadObjectResponse object = infrastructure.s3()
			.client()
			.headObject((request) -> request.bucket(infrastructure.bucket()).key(key));
		assertThat(object.contentType()).isEqualTo("image/png");
		assertThat(object.contentLength()).isEqualTo(image.body().length);
		assertThat(object.metadata()).containsEntry("job-id", id);
	}

	@Test
	void pageThatNeverFinishesLoadingEndsFailedWithNavigationTimeout() {
		String url = pages.neverFinishes("/never");

		String id = client.submit("{\"url\":\"" + url + "\",\"options\":{\"timeoutMs\":2000}}")
			.json()
			.path("id")
			.asString();

		JsonNode job = client.awaitTerminal(id, Duration.ofSeconds(20));
		assertThat(job.path("status").asString()).isEqualTo("failed");
		assertThat(job.path("error").path("code").asString()).isEqualTo("NAVIGATION_TIMEOUT");
		assertThat(job.path("error").path("step").asString()).isEqualTo("syncing_files");
		assertThat(job.path("error").path("message").asString()).contains("2000 ms");
		assertThat(job.has("result")).isFalse();
		assertThat(client.get("/screenshots/" + id + "/image").status()).isEqualTo(409);
	}

	private static Path jar(String property) {
		String path = System.getProperty(property);
		if (path == null || !Files.isRegularFile(Path.of(path))) {
			throw new IllegalStateException("-D" + property + " must point at a built service jar (got " + path
					+ "); run the tests with ./mvnw verify from the project root");
		}
		return Path.of(path);
	}

	private static int freePort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
				java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
