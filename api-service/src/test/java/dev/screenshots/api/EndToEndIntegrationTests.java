package dev.screenshots.api;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import tools.jackson.databind.JsonNode;

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

	static SystemUnderTest system;

	static ApiClient client;

	@BeforeAll
	static void startSystem() {
		infrastructure = TestInfrastructure.create();
		pages = TestPages.start();
		system = new SystemUnderTest("e2e", infrastructure).startApi(Map.of()).startWorker(Map.of());
		client = system.client();
	}

	@AfterAll
	static void stopSystem() {
		if (system != null) {
			system.close();
		}
		if (pages != null) {
			pages.close();
		}
		if (infrastructure != null) {
			infrastructure.close();
		}
	}

	@Test
	void localPageIsCapturedAsAPngOfTheRequestedSizeAndStoredUnderItsDatePartitionedKey()
			throws IOException, InterruptedException {
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

}
