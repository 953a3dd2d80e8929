package dev.screenshots.api;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.screenshots.testsupport.ApiClient;
import dev.screenshots.testsupport.Closeables;
import dev.screenshots.testsupport.ProjectFiles;
import dev.screenshots.testsupport.SystemUnderTest;
import dev.screenshots.testsupport.TestInfrastructure;
import dev.screenshots.testsupport.TestPages;
import dev.screenshots.testsupport.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signed webhooks against the real system: a receiver here verifies every delivery's
 * Standard Webhooks signature with the tenant's secret, answers with the status codes a
 * test gives it, and the retry schedule and the recorded attempts are checked.
 */
class WebhookIntegrationTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static TestInfrastructure infrastructure;

	static TestPages pages;

	static SystemUnderTest system;

	static ApiClient client;

	static Receiver receiver;

	/**
	 * How long the sender waits for a receiver's answer: 1 s, which the receiver's
	 * {@link Receiver#HANG} outlasts; scaled, so that the answers the receiver gives at
	 * once are not taken for timeouts on a slow machine.
	 */
	static final Duration SENDER_TIMEOUT = Waits.scaled(Duration.ofSeconds(1));

	@BeforeAll
	static void start() throws IOException {
		infrastructure = TestInfrastructure.create();
		pages = TestPages.start();
		receiver = new Receiver();
		// a poll interval longer than the tests: deliveries are sent because the
		// trigger's
		// notification wakes the dispatcher, and retries because it waits until they are
		// due
		system = new SystemUnderTest("webhooks", infrastructure)
			.startApi(Map.of("api.webhooks.retry-delays", "1s,2s", "api.webhooks.poll-interval", "10m",
					"api.webhooks.timeout", SENDER_TIMEOUT.toMillis() + "ms"))
			.startWorker(Map.of());
		client = system.client();
	}

	@AfterAll
	static void stop() {
		Closeables.closeAll(system, receiver, pages, infrastructure);
	}

	@Test
	void aCompletedJobIsAnnouncedSignedAndRetriedOnTheScheduleUntilTheReceiverTakesIt() throws Exception {
		receiver.answer("/retried", 503, Receiver.HANG, 204);
		String page = pages.html("/announced", "<h1>announced</h1>");

		String id = client
			.submit("{\"url\":\"" + page + "\",\"options\":{\"artifacts\":[\"metadata\"]},\"webhook\":{\"url\":\""
					+ receiver.url("/retried") + "\",\"events\":[\"completed\"]}}")
			.json()
			.path("id")
			.asString();

		Waits.await(Waits.ONE_JOB).until(() -> receiver.received("/retried").size() == 3);
		List<Receiver.Delivery> deliveries = receiver.received("/retried");
		String secret = client.get("/webhook-secret").json().path("secret").asString();
		assertThat(secret).startsWith("whsec_");
		for (Receiver.Delivery delivery : deliveries) {
			assertThat(delivery.header("webhook-signature")).isEqualTo(expectedSignature(secret, delivery));
			assertThat(delivery.header("webhook-id")).isEqualTo(deliveries.get(0).header("webhook-id"));
			assertThat(delivery.body()).isEqualTo(deliveries.get(0).body());
			assertThat(Long.parseLong(delivery.header("webhook-timestamp")))
				.isBetween(Instant.now().minusSeconds(300).getEpochSecond(), Instant.now().getEpochSecond());
		}
		assertThat(pythonExampleVerifies(secret, deliveries.get(0))).as("docs/examples/webhook_receiver.py").isTrue();
		assertThat(
				pythonExampleVerifies("whsec_" + Base64.getEncoder().encodeToString(new byte[32]), deliveries.get(0)))
			.as("the example refuses another secret")
			.isFalse();
		JsonNode event = JSON.readTree(deliveries.get(0).body());
		assertThat(event.path("type").asString()).isEqualTo("screenshot.completed");
		assertThat(event.path("data").path("id").asString()).isEqualTo(id);
		assertThat(event.path("data").path("result").path("contentType").asString()).isEqualTo("image/png");
		JsonNode metadata = event.path("data").path("result").path("artifacts").path(0);
		assertThat(metadata.path("name").asString()).isEqualTo("metadata");
		assertThat(metadata.path("status").asString()).isEqualTo("stored");
		assertThat(metadata.path("url").asString()).isEqualTo("/screenshots/" + id + "/artifacts/metadata");
		assertThat(Duration.between(deliveries.get(0).at(), deliveries.get(1).at()))
			.isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		assertThat(Duration.between(deliveries.get(1).at(), deliveries.get(2).at()))
			.isGreaterThanOrEqualTo(Duration.ofSeconds(2));

		JsonNode recorded = Waits.await(Waits.MOMENT)
			.until(() -> client.get("/screenshots/" + id + "/webhook-deliveries").json(),
					(list) -> "delivered".equals(list.path(0).path("status").asString()));
		assertThat(recorded).hasSize(1);
		assertThat(recorded.path(0).path("id").asString()).isEqualTo(deliveries.get(0).header("webhook-id"));
		assertThat(recorded.path(0).path("attempts").asInt()).isEqualTo(3);
		List<Integer> codes = new ArrayList<>();
		recorded.path(0).path("attemptLog").forEach((attempt) -> codes.add(attempt.path("statusCode").asInt()));
		assertThat(codes).as("HTTP status per attempt; none for the timeout").containsExactly(503, 0, 204);
		assertThat(recorded.path(0).path("attemptLog").path(1).path("error").asString())
			.contains("HttpTimeoutException");
	}

	@Test
	void aDeliveryTheReceiverNeverTakesIsGivenUpAfterTheLastAttemptCanBeRedeliveredAndOnlyNamedEventsAreSent() {
		receiver.answer("/down", 500, 500, 500, 500);
		String page = pages.html("/fails", "<p>no such element here</p>");

		String id = client
			.submit("{\"url\":\"" + page + "\",\"options\":{\"selector\":\"#missing\",\"timeoutMs\":"
					+ Waits.pageTimeoutMillis(2000) + "},\"webhook\":{\"url\":\"" + receiver.url("/down")
					+ "\",\"events\":[\"completed\",\"failed\"]}}")
			.json()
			.path("id")
			.asString();

		JsonNode recorded = Waits.await(Waits.ONE_JOB)
			.until(() -> client.get("/screenshots/" + id + "/webhook-deliveries").json(),
					(list) -> "given_up".equals(list.path(0).path("status").asString()));
		assertThat(recorded).hasSize(1);
		assertThat(recorded.path(0).path("event").asString()).isEqualTo("failed");
		assertThat(recorded.path(0).path("attempts").asInt()).as("1 + the 2 retry delays").isEqualTo(3);
		assertThat(receiver.received("/down")).hasSize(3);
		assertThat(JSON.readTree(receiver.received("/down").get(0).body())
			.path("data")
			.path("error")
			.path("code")
			.asString()).isEqualTo("ELEMENT_NOT_FOUND");

		String messageId = recorded.path(0).path("id").asString();
		receiver.answer("/down", 204);
		ApiClient.Response redelivered = client
			.post("/screenshots/" + id + "/webhook-deliveries/" + messageId + "/redeliver", "application/json", "");
		assertThat(redelivered.status()).isEqualTo(202);
		assertThat(redelivered.json().path("status").asString()).isEqualTo("pending");
		JsonNode after = Waits.await(Waits.MOMENT)
			.until(() -> client.get("/screenshots/" + id + "/webhook-deliveries").json(),
					(list) -> "delivered".equals(list.path(0).path("status").asString()));
		assertThat(after.path(0).path("attempts").asInt()).as("one more attempt").isEqualTo(4);
		List<Receiver.Delivery> sent = receiver.received("/down");
		assertThat(sent).hasSize(4);
		assertThat(sent.get(3).header("webhook-id")).isEqualTo(messageId);
		assertThat(sent.get(3).body()).isEqualTo(sent.get(0).body());
		ApiClient.Response unknown = client.post("/screenshots/" + id + "/webhook-deliveries/msg_nope/redeliver",
				"application/json", "");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.json().path("code").asString()).isEqualTo("WEBHOOK_DELIVERY_NOT_FOUND");

		String completed = client
			.submit("{\"url\":\"" + pages.html("/quiet", "<p>fine</p>") + "\",\"webhook\":{\"url\":\""
					+ receiver.url("/failures-only") + "\",\"events\":[\"failed\"]}}")
			.json()
			.path("id")
			.asString();
		assertThat(client.awaitTerminal(completed).path("status").asString()).isEqualTo("completed");
		// deliveries are queued in the transaction that moves the job, so none can come
		// later
		assertThat(client.get("/screenshots/" + completed + "/webhook-deliveries").json()).isEmpty();
	}

	@Test
	void aCancelledJobIsAnnouncedWhenTheRequestAskedForIt() {
		String page = pages.neverFinishes("/slow");

		String id = client
			.submit("{\"url\":\"" + page + "\",\"options\":{\"timeoutMs\":2000},\"webhook\":{\"url\":\""
					+ receiver.url("/cancelled") + "\",\"events\":[\"cancelled\"]}}")
			.json()
			.path("id")
			.asString();
		assertThat(client.delete("/screenshots/" + id).status()).isEqualTo(200);

		Waits.await(Waits.MOMENT).until(() -> receiver.received("/cancelled").size() == 1);
		JsonNode event = JSON.readTree(receiver.received("/cancelled").get(0).body());
		assertThat(event.path("type").asString()).isEqualTo("screenshot.cancelled");
		assertThat(event.path("data").path("id").asString()).isEqualTo(id);
		assertThat(event.path("data").path("status").asString()).isEqualTo("cancelled");
	}

	@Test
	void afterARotationDeliveriesCarryBothSignaturesForTheGracePeriodAndTenantsHaveTheirOwnSecrets() throws Exception {
		ApiClient tenant = client.withKey(client.createKey("rotating", "client", ""));
		String before = tenant.get("/webhook-secret").json().path("secret").asString();
		assertThat(before).startsWith("whsec_")
			.isNotEqualTo(client.get("/webhook-secret").json().path("secret").asString());
		assertThat(tenant.get("/webhook-secret").json().path("secret").asString()).as("stable").isEqualTo(before);

		JsonNode rotated = tenant.post("/webhook-secret/rotate", "application/json", "").json();
		String after = rotated.path("secret").asString();
		assertThat(after).startsWith("whsec_").isNotEqualTo(before);
		assertThat(Instant.parse(rotated.path("previousSecretValidUntil").asString()))
			.isAfter(Instant.now().plus(Duration.ofHours(23)));

		String page = pages.html("/rotated", "<p>rotated</p>");
		tenant.submit("{\"url\":\"" + page + "\",\"webhook\":{\"url\":\"" + receiver.url("/rotated") + "\"}}");
		Waits.await(Waits.ONE_JOB).until(() -> receiver.received("/rotated").size() == 1);
		Receiver.Delivery delivery = receiver.received("/rotated").get(0);
		assertThat(delivery.header("webhook-signature").split(" ")).as("new secret first, then the previous one")
			.containsExactly(expectedSignature(after, delivery), expectedSignature(before, delivery));
		assertThat(pythonExampleVerifies(before, delivery)).as("a receiver still on the old secret").isTrue();
		assertThat(pythonExampleVerifies(after, delivery)).as("a receiver on the new secret").isTrue();
	}

	@Test
	void aWebhookUrlThePolicyRefusesOrUnknownEventsAreBadRequests() {
		String page = pages.html("/refused", "<p>x</p>");

		ApiClient.Response metadata = client
			.submit("{\"url\":\"" + page + "\",\"webhook\":{\"url\":\"http://169.254.169.254/latest\"}}");
		assertThat(metadata.status()).isEqualTo(400);
		assertThat(metadata.json().path("code").asString()).isEqualTo("URL_NOT_ALLOWED");
		assertThat(metadata.json().path("detail").asString()).contains("webhook");

		ApiClient.Response events = client.submit("{\"url\":\"" + page + "\",\"webhook\":{\"url\":\""
				+ receiver.url("/x") + "\",\"events\":[\"started\"]}}");
		assertThat(events.status()).isEqualTo(400);
		assertThat(events.json().toString()).contains("completed, failed, cancelled");
	}

	/** Runs the README's verification example on a delivery. */
	private static boolean pythonExampleVerifies(String secret, Receiver.Delivery delivery) throws Exception {
		Path examples = ProjectFiles.root().resolve("docs/examples");
		Process process = new ProcessBuilder("python3", "-c", """
				import sys, json
				sys.path.insert(0, sys.argv[1])
				from webhook_receiver import verify
				print(verify(sys.argv[2], json.loads(sys.argv[3]), sys.argv[4].encode()))
				""", examples.toString(), secret, JSON.writeValueAsString(delivery.headers()), delivery.body())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		assertThat(process.waitFor()).as(output).isZero();
		return Boolean.parseBoolean(output.toLowerCase());
	}

	/** What the Standard Webhooks spec says the signature is, computed independently. */
	private static String expectedSignature(String secret, Receiver.Delivery delivery) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
		String signed = delivery.header("webhook-id") + "." + delivery.header("webhook-timestamp") + "."
				+ delivery.body();
		return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
	}

	/** An HTTP endpoint that records what it receives and answers as told. */
	static final class Receiver implements AutoCloseable {

		/** An answer that comes only well after the sender's timeout. */
		static final int HANG = -1;

		private final HttpServer server;

		private final Map<String, ConcurrentLinkedQueue<Integer>> answers = new java.util.concurrent.ConcurrentHashMap<>();

		private final List<Delivery> received = new CopyOnWriteArrayList<>();

		Receiver() throws IOException {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			this.server.createContext("/", (exchange) -> {
				String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				String path = exchange.getRequestURI().getPath();
				this.received.add(new Delivery(path, Instant.now(),
						exchange.getRequestHeaders()
							.entrySet()
							.stream()
							.collect(java.util.stream.Collectors.toMap((header) -> header.getKey().toLowerCase(),
									(header) -> header.getValue().get(0))),
						body));
				Integer status = this.answers.getOrDefault(path, new ConcurrentLinkedQueue<>()).poll();
				if (status != null && status == HANG) {
					sleep(SENDER_TIMEOUT.plus(Waits.scaled(Duration.ofSeconds(2))));
					status = 204; // too late: the sender has given up on this attempt
				}
				exchange.sendResponseHeaders((status != null) ? status : 204, -1);
				exchange.close();
			});
			this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
			this.server.start();
		}

		private static void sleep(Duration duration) {
			try {
				Thread.sleep(duration);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		void answer(String path, Integer... statuses) {
			ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>();
			Collections.addAll(queue, statuses);
			this.answers.put(path, queue);
		}

		String url(String path) {
			return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
		}

		List<Delivery> received(String path) {
			return this.received.stream().filter((delivery) -> delivery.path().equals(path)).toList();
		}

		@Override
		public void close() {
			this.server.stop(0);
		}

		record Delivery(String path, Instant at, Map<String, String> headers, String body) {

			String header(String name) {
				return this.headers.get(name);
			}

		}

	}

}
