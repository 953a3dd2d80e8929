package dev.screenshots.api.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.screenshots.testsupport.ApiClient;
import dev.screenshots.testsupport.ProjectFiles;
import dev.screenshots.testsupport.Spectral;
import dev.screenshots.testsupport.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document as a client fetches it: OpenAPI 3.1, every endpoint in it with its
 * error answers, linted by Spectral without errors; and the interactive UI.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiIntegrationTests {

	static final TestInfrastructure infrastructure = TestInfrastructure.create();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		infrastructure.register(registry);
	}

	@AfterAll
	static void cleanUp() {
		infrastructure.close();
	}

	@Test
	void theDocumentDescribesTheWholeApiAndSpectralFindsNoErrors(@TempDir Path directory) throws IOException {
		ApiClient.Response answer = new ApiClient("http://localhost:" + this.port).withKey(null).get("/v3/api-docs");

		assertThat(answer.status()).isEqualTo(200);
		JsonNode document = answer.json();
		assertThat(document.path("openapi").asString()).startsWith("3.1");
		List<String> paths = new ArrayList<>();
		document.path("paths").propertyNames().forEach(paths::add);
		assertThat(paths).contains("/screenshots", "/screenshots/{id}", "/screenshots/{id}/image",
				"/screenshots/{id}/artifacts/{name}", "/screenshots/{id}/events", "/workers", "/admin/api-keys",
				"/admin/dead-letters", "/render", "/render-secret", "/render-secret/rotate", "/screenshots/batch",
				"/batches/{id}", "/baselines", "/baselines/{name}", "/baselines/{name}/image",
				"/screenshots/{id}/approve");
		JsonNode submit = document.path("paths").path("/screenshots").path("post");
		assertThat(submit.path("responses").path("202").isMissingNode()).isFalse();
		assertThat(
				submit.path("responses").path("400").path("content").path("application/problem+json").isMissingNode())
			.isFalse();
		assertThat(submit.path("requestBody").path("content").path("application/json").path("examples").size())
			.isGreaterThanOrEqualTo(2);
		assertThat(document.path("components").path("securitySchemes").path("apiKey").path("scheme").asString())
			.isEqualTo("bearer");
		JsonNode schemas = document.path("components").path("schemas");
		List<String> options = new ArrayList<>();
		schemas.path("CaptureOptions").path("properties").propertyNames().forEach(options::add);
		assertThat(options).contains("artifacts", "thumbnail", "resize", "pdf");
		List<String> thumbnail = new ArrayList<>();
		schemas.path("Thumbnail").path("properties").propertyNames().forEach(thumbnail::add);
		assertThat(thumbnail).contains("width", "height", "fit", "format", "quality");
		assertThat(schemas.path("Artifact").path("properties").has("problem")).as("result.artifacts[]").isTrue();

		Path file = directory.resolve("api-docs.json");
		Files.write(file, answer.body());
		Spectral.Result lint = Spectral.lint(file,
				ProjectFiles.root().resolve("api-service/src/test/resources/spectral.yaml"));
		System.out.println(lint.output());
		assertThat(lint.exitCode()).as(lint.output()).isZero();
		assertThat(lint.output()).as("Spectral warnings, e.g. an operation without a description")
			.doesNotContain(" warning ");
	}

	@Test
	void theInteractiveUiIsServed() {
		ApiClient anonymous = new ApiClient("http://localhost:" + this.port).withKey(null);

		ApiClient.Response page = anonymous.get("/swagger-ui/index.html");

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.contentType()).startsWith("text/html");
		assertThat(anonymous.get("/swagger-ui.html").status()).isIn(200, 302);
	}

}
