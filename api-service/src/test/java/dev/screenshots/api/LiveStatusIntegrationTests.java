package dev.screenshots.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.screenshots.model.capture.CaptureOptions;
import dev.screenshots.testsupport.ApiClient;
import dev.screenshots.testsupport.Closeables;
import dev.screenshots.testsupport.SystemUnderTest;
import dev.screenshots.testsupport.TestInfrastructure;
import dev.screenshots.testsupport.TestPages;
import dev.screenshots.testsupport.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Watching jobs live against the real system with two api-service instances: the
 * Server-Sent Events stream of a job's transitions (fanned out through PostgreSQL
 * notifications, so it works on the instance the job was not submitted to) with
 * {@code Last-Event-ID} resume, and {@code Prefer: wait} both ways.
 */
class LiveStatusIntegrationTests {

	static final List<String> SUCCESS = List.of("pending", "processing", "validating", "creating_sandbox",
			"syncing_files", "capturing", "storing", "completed");

	static final JsonMapper JSON = JsonMapper.builder().build();

	static TestInfrastructure infrastructure;

	static TestPages pages;

	static SystemUnderTest system;

	static ApiClient first;

	static ApiClient second;

	final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@BeforeAll
	static void startSystem() {
		infrastructure = TestInfrastructure.create();
		pages = TestPages.start();
		system = new SystemUnderTest("live", infrastructure).startApi(Map.of())
			.startApi(Map.of())
			.startWorker(Map.of());
		first = system.client(0).withKey(ApiClient.TEST_ADMIN_KEY);
		second = system.client(1).withKey(ApiClient.TEST_ADMIN_KEY);
	}

	@AfterAll
	static void stopSystem() {
		Closeables.closeAll(system, pages, infrastructure);
	}

	@Test
	void everyTransitionIsStreamedAsItHappensOnAnotherInstanceAndAReconnectResumesAfterTheLastEvent() throws Exception {
		// the page is held until the stream showed syncing_files, so the job cannot move
		// on before the test saw that event arrive; then it waits 1.5 s before the
		// capture, so the stream is seen to be live
		String url = pages.gated("/live", "<h1>live</h1>");
		String id = first
			.submit("{\"url\":\"" + url + "\",\"options\":{\"delayMs\":1500,\"timeoutMs\":"
					+ CaptureOptions.MAX_TIMEOUT_MS + "}}")
			.json()
			.path("id")
			.asString();

		List<Event> streamed = new CopyOnWriteArrayList<>();
		CompletableFuture<List<Event>> streaming = CompletableFuture
			.supplyAsync(() -> stream(system.apiPort(1), id, null, streamed));
		Waits.await(Waits.ONE_JOB).until(() -> streaming.isDone() || hasStatus(streamed, "syncing_files"));
		assertThat(hasStatus(streamed, "syncing_files"))
			.as("syncing_files streamed while the job was held in it (%s)", streaming)
			.isTrue();
		assertThat(infrastructure.jdbc()
			.sql("SELECT count(*) FROM job_watches WHERE job_id = :id::uuid AND expires_at > now()")
			.param("id", id)
			.query(Long.class)
			.single()).as("the stream's watch, registered so that the job's transitions are notified").isEqualTo(1);
		pages.open("/live");
		List<Event> events = streaming.get(Waits.scaled(Waits.ONE_JOB).toMillis(), TimeUnit.MILLISECONDS);

		assertThat(events).extracting((event) -> event.data().path("status").asString())
			.containsExactlyElementsOf(SUCCESS);
		assertThat(events).extracting(Event::id).isSorted().doesNotHaveDuplicates();
		assertThat(events).allSatisfy((event) -> {
			assertThat(event.data().path("jobId").asString()).isEqualTo(id);
			assertThat(event.data().path("enteredAt").isString()).isTrue();
		});
		assertThat(events.get(1).data().path("attempt").asInt()).isEqualTo(1);
		Event capturing = events.get(SUCCESS.indexOf("capturing"));
		assertThat(capturing.data().path("previousStatus").asString()).isEqualTo("syncing_files");
		assertThat(capturing.data().path("previousDurationMs").asLong()).isGreaterThanOrEqualTo(1500);
		Event syncing = events.get(SUCCESS.indexOf("syncing_files"));
		assertThat(capturing.receivedNanos() - syncing.receivedNanos())
			.as("syncing_files arrived when it began, not with the end of the job")
			.isGreaterThan(Duration.ofMillis(1000).toNanos());

		List<Event> resumed = stream(system.apiPort(0), id, String.valueOf(events.get(2).id()), new ArrayList<>());
		assertThat(resumed).extracting(Event::id)
			.containsExactlyElementsOf(events.subList(3, events.size()).stream().map(Event::id).toList());
	}

	@Test
	void aStreamOfAnUnknownJobOrWithABadLastEventIdIsAProblem() throws Exception {
		HttpResponse<String> unknown = this.http.send(
				eventsRequest(system.apiPort(0), "00000000-0000-0000-0000-000000000000", null),
				HttpResponse.BodyHandlers.ofString());
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));

		String id = first.submit("{\"url\":\"" + pages.html("/bad-id", "<p>x</p>") + "\"}")
			.json()
			.path("id")
			.asString();
		HttpResponse<String> badId = this.http.send(eventsRequest(system.apiPort(0), id, "yesterday"),
				HttpResponse.BodyHandlers.ofString());
		assertThat(badId.statusCode()).isEqualTo(400);
		assertThat(JSON.readTree(badId.body()).path("code").asString()).isEqualTo("INVALID_LAST_EVENT_ID");
	}

	@Test
	void preferWaitAnswersWithTheFinishedJobWhenItFinishesInTime() {
		String url = pages.html("/wait", "<h1>wait</h1>");
		// "in time" is a wait for the job, so scaled (the API takes at most 60 s); the
		// client waits longer than the API
		long wait = Math.min(60, Waits.scaled(Duration.ofSeconds(30)).toSeconds());

		ApiClient.Response answer = first.withTimeout(Duration.ofSeconds(wait).plus(Waits.scaled(Waits.MOMENT)))
			.post("/screenshots", "application/json", "{\"url\":\"" + url + "\"}", Map.of("Prefer", "wait=" + wait));

		assertThat(answer.status()).isEqualTo(201);
		assertThat(answer.location()).endsWith("/screenshots/" + answer.json().path("id").asString());
		assertThat(answer.json().path("status").asString()).isEqualTo("completed");
		assertThat(answer.json().path("result").path("downloadUrl").isMissingNode()).isFalse();
		assertThat(answer.header("Preference-Applied")).isEqualTo("wait=" + wait);
	}

	@Test
	void preferWaitAnswers202AsUsualWhenTheJobTakesLonger() {
		String url = pages.html("/slow", "<h1>slow</h1>");
		long started = System.nanoTime();

		ApiClient.Response answer = first.post("/screenshots", "application/json",
				"{\"url\":\"" + url + "\",\"options\":{\"delayMs\":8000}}", Map.of("Prefer", "wait=2"));

		assertThat(answer.status()).isEqualTo(202);
		assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(Duration.ofSeconds(2).toNanos());
		assertThat(answer.json().path("status").asString()).isNotIn("completed", "failed", "cancelled");
		assertThat(answer.header("Preference-Applied")).isEqualTo("wait=2");
	}

	private HttpRequest eventsRequest(int port, String id, String lastEventId) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/screenshots/" + id + "/events"))
			.header("Authorization", "Bearer " + ApiClient.TEST_ADMIN_KEY)
			.header("Accept", "text/event-stream")
			.timeout(Waits.scaled(Waits.MOMENT));
		if (lastEventId != null) {
			request.header("Last-Event-ID", lastEventId);
		}
		return request.GET().build();
	}

	/**
	 * Reads a stream until the server closes it.
	 * @param events where each event is added as it arrives
	 * @return the events
	 */
	private List<Event> stream(int port, String id, String lastEventId, List<Event> events) {
		HttpResponse<Stream<String>> response;
		try {
			response = this.http.send(eventsRequest(port, id, lastEventId), HttpResponse.BodyHandlers.ofLines());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/event-stream"));
		Long eventId = null;
		StringBuilder data = new StringBuilder();
		try (Stream<String> lines = response.body()) {
			Iterator<String> iterator = lines.iterator();
			while (iterator.hasNext()) {
				String line = iterator.next();
				if (line.startsWith("id:")) {
					eventId = Long.parseLong(line.substring(3).trim());
				}
				else if (line.startsWith("data:")) {
					data.append(line.substring(5).trim());
				}
				else if (line.isEmpty() && !data.isEmpty()) {
					events.add(new Event(eventId, JSON.readTree(data.toString()), System.nanoTime()));
					eventId = null;
					data.setLength(0);
				}
			}
		}
		return events;
	}

	private static boolean hasStatus(List<Event> events, String status) {
		return events.stream().anyMatch((event) -> status.equals(event.data().path("status").asString()));
	}

	private record Event(Long id, JsonNode data, long receivedNanos) {
	}

}
