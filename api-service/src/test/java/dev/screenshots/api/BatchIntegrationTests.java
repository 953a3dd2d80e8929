package dev.screenshots.api;

import java.util.List;
import java.util.Map;

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
import dev.screenshots.testsupport.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batches against the running system (api-service and a worker on real PostgreSQL,
 * RabbitMQ, S3 and Chromium): good and bad items in one call, the summary, and the
 * batch's webhook.
 */
class BatchIntegrationTests {

	static TestInfrastructure infrastructure;

	static TestPages pages;

	static WebhookIntegrationTests.Receiver receiver;

	static SystemUnderTest system;

	static final JsonMapper JSON = JsonMapper.builder().build();

	@BeforeAll
	static void startSystem() throws Exception {
		infrastructure = TestInfrastructure.create();
		pages = TestPages.start();
		receiver = new WebhookIntegrationTests.Receiver();
		system = new SystemUnderTest("batch", infrastructure).startApi(Map.of()).startWorker(Map.of());
	}

	@AfterAll
	static void stopSystem() {
		Closeables.closeAll(system, receiver, pages, infrastructure);
	}

	@Test
	void aBatchCreatesItsGoodItemsAnswersEachAsItAloneWouldBeAndAnnouncesItsEnd() {
		String red = pages.html("/batch-red", TestPages.solidColour("rgb(255, 0, 0)"));
		String green = pages.html("/batch-green", TestPages.solidColour("rgb(0, 255, 0)"));
		receiver.answer("/batch-done", 204);
		String body = """
				{"requests": [
				  {"url": "%1$s", "options": {"width": 320, "height": 200}, "idempotencyKey": "batch-red"},
				  {"url": "%2$s", "options": {"widht": 320}},
				  {"url": "%2$s", "options": {"width": 99999}},
				  {"options": {"width": 320}},
				  {"html": "<h1>inline</h1>", "options": {"width": 320, "height": 200}},
				  {"url": "%2$s", "idempotencyKey": "batch-red"},
				  "not an object",
				  {"url": "%2$s", "options": {"width": 320, "height": 200}},
				  {"url": "%2$s", "options": {"wi\\u0000dth": 320}},
				  {"url": "%2$s", "options": {"wi\\\\u0000dth": 320}}
				],
				 "webhook": {"url": "%3$s"}}
				""".formatted(red, green, receiver.url("/batch-done"));

		ApiClient.Response answer = system.client().post("/screenshots/batch", "application/json", body);

		assertThat(answer.status()).as(answer.toString()).isEqualTo(207);
		JsonNode items = answer.json().path("items");
		assertThat(items.valueStream().map((item) -> item.path("status").asInt()).toList()).containsExactly(202, 400,
				400, 400, 202, 422, 400, 202, 400, 400);
		assertThat(items.get(0).path("job").path("status").asString()).isEqualTo("pending");
		assertThat(items.get(1).path("problem").path("errors").get(0).path("field").asString())
			.isEqualTo("options.widht");
		assertThat(items.get(2).path("problem").path("errors").get(0).path("field").asString())
			.isEqualTo("options.width");
		assertThat(items.get(3).path("problem").path("code").asString()).isEqualTo("INVALID_REQUEST");
		assertThat(items.get(5).path("problem").path("code").asString()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
		assertThat(items.get(6).path("problem").path("type").asString()).isNotEmpty();
		assertThat(items.valueStream().map((item) -> item.path("index").asInt()).toList()).containsExactly(0, 1, 2, 3,
				4, 5, 6, 7, 8, 9);
		assertThat(items.get(9).path("problem").path("errors").get(0).path("field").asString())
			.as("the text \\u0000 (a backslash, then u0000) in a field name, kept as it is")
			.isEqualTo("options.wi\\u0000dth");

		String batch = answer.json().path("batchId").asString();
		JsonNode summary = Waits.await(Waits.ONE_JOB)
			.until(() -> system.client().get("/batches/" + batch).json(),
					(state) -> state.path("finished").asBoolean());
		assertThat(summary.path("size").asInt()).isEqualTo(10);
		assertThat(summary.path("accepted").asInt()).isEqualTo(3);
		assertThat(summary.path("refused").asInt()).isEqualTo(7);
		assertThat(summary.path("items").get(8).path("errorCode").asString()).as("a NUL in a field name")
			.isEqualTo("INVALID_REQUEST");
		assertThat(summary.path("items").get(9).path("errorCode").asString())
			.as("the text \\u0000 in a field name, which removing every '\\u0000' from the JSON had broken")
			.isEqualTo("INVALID_REQUEST");
		assertThat(summary.path("counts").path("completed").asInt()).isEqualTo(3);
		assertThat(summary.path("items").get(1).path("errorCode").asString()).isEqualTo("INVALID_REQUEST");
		assertThat(summary.path("items").get(7).path("links").path("image").asString()).endsWith("/image");
		assertThat(pages.hits("/batch-red")).isEqualTo(1);
		assertThat(pages.hits("/batch-green")).isEqualTo(1);

		Waits.await(Waits.ONE_JOB).until(() -> receiver.received("/batch-done").size() == 1);
		WebhookIntegrationTests.Receiver.Delivery delivery = receiver.received("/batch-done").get(0);
		assertThat(delivery.header("webhook-signature")).startsWith("v1,");
		JsonNode event = JSON.readTree(delivery.body());
		assertThat(event.path("type").asString()).isEqualTo("batch.completed");
		assertThat(event.path("data").path("id").asString()).isEqualTo(batch);
		assertThat(event.path("data").path("counts").path("completed").asInt()).isEqualTo(3);
		assertThat(event.path("data").path("refused").asInt()).isEqualTo(7);
	}

	@Test
	void aBatchOfOnlyRefusedItemsIsFinishedAtOnceAndTooManyItemsAreRefusedWhole() {
		ApiClient.Response refused = system.client()
			.post("/screenshots/batch", "application/json", "{\"requests\": [{\"options\": {}}]}");
		assertThat(refused.status()).isEqualTo(207);
		JsonNode summary = system.client().get("/batches/" + refused.json().path("batchId").asString()).json();
		assertThat(summary.path("finished").asBoolean()).isTrue();

		String many = "{\"requests\": [" + String.join(",", java.util.Collections.nCopies(101, "{}")) + "]}";
		ApiClient.Response tooMany = system.client().post("/screenshots/batch", "application/json", many);
		assertThat(tooMany.status()).isEqualTo(400);
		assertThat(tooMany.json().path("errors").get(0).path("field").asString()).isEqualTo("requests");
		assertThat(system.client().get("/batches/not-a-batch").status()).isEqualTo(404);
		assertThat(List
			.of(system.client().withKey(null).get("/batches/" + refused.json().path("batchId").asString()).status()))
			.containsExactly(401);
	}

}
