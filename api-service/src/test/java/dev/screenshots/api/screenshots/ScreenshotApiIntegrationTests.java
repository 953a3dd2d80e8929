package dev.screenshots.api.screenshots;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import dev.screenshots.api.apikeys.ApiKeyPrincipal;
import dev.screenshots.api.apikeys.Role;
import dev.screenshots.api.jobs.NewJob;
import dev.screenshots.api.jobs.ScreenshotJob;
import dev.screenshots.model.capture.CaptureRequest;
import dev.screenshots.model.capture.Priority;
import dev.screenshots.runtime.messaging.CaptureMessages;
import dev.screenshots.testsupport.Waits;
import dev.screenshots.testsupport.ApiClient;
import dev.screenshots.model.messaging.CaptureRequested;
import dev.screenshots.runtime.messaging.CaptureTopology;
import dev.screenshots.testsupport.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The API against real PostgreSQL (migrated by the API itself), RabbitMQ and S3, with no
 * worker: what a submit leaves in the database and on the queue, and what bad input
 * leaves (nothing).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "api.limits.max-request-body=4KB", "api.keys.bootstrap-admin-key=" + ApiClient.TEST_ADMIN_KEY })
class ScreenshotApiIntegrationTests {

	static final TestInfrastructure infrastructure = TestInfrastructure.create();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	JsonMapper json;

	@Autowired
	SubmitWriter writer;

	@Autowired
	ScreenshotService service;

	@Autowired
	TransactionTemplate transactions;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		infrastructure.register(registry);
	}

	@AfterAll
	static void cleanUp() {
		infrastructure.close();
	}

	@Test
	void submitRecordsAPendingJobAndPublishesItThroughTheOutbox() {
		ApiClient.Response response = client()
			.submit("{\"url\":\"https://example.com/\",\"options\":{\"width\":1024}}");

		assertThat(response.status()).isEqualTo(202);
		JsonNode body = response.json();
		UUID id = UUID.fromString(body.path("id").asString());
		assertThat(response.location()).isEqualTo("http://localhost:" + this.port + "/screenshots/" + id);
		assertThat(body.path("status").asString()).isEqualTo("pending");
		assertThat(body.path("options").path("width").asInt()).isEqualTo(1024);
		assertThat(body.path("options").path("height").asInt()).isEqualTo(720);
		assertThat(body.path("steps").get(0).path("status").asString()).isEqualTo("pending");

		Map<String, Object> row = this.jdbc
			.sql("SELECT status, source_url, options::text AS options FROM screenshot_jobs WHERE id = :id")
			.param("id", id)
			.query()
			.singleRow();
		assertThat(row).containsEntry("status", "pending").containsEntry("source_url", "https://example.com/");
		assertThat(this.json.readTree((String) row.get("options")).path("timeoutMs").asInt()).isEqualTo(30_000);

		Message message = workMessageOf(id);
		assertThat(message).isNotNull();
		assertThat(this.json.readValue(message.getBody(), CaptureRequested.class).jobId()).isEqualTo(id);
		assertThat(message.getMessageProperties().<String>getHeader(CaptureTopology.JOB_ID_HEADER))
			.isEqualTo(id.toString());
		// the relay marks the row sent after the broker's confirm, which may come after
		// the
		// message is already in the queue: wait for the mark instead of racing it
		Waits.await(Waits.MOMENT)
			.until(() -> this.jdbc.sql("SELECT sent_at IS NOT NULL FROM outbox_messages WHERE job_id = :id")
				.param("id", id)
				.query(Boolean.class)
				.single(), Boolean::booleanValue);
	}

	@Test
	void optionsHoldingANulCharacterAreRefusedWithA400AndCreateNothing() {
		long before = this.jdbc.sql("SELECT count(*) FROM screenshot_jobs").query(Long.class).single();

		ApiClient.Response refused = client()
			.submit("{\"url\":\"https://example.com/nul\",\"options\":{\"css\":\"a\\u0000b\"}}");

		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.json().path("errors").get(0).path("field").asString()).isEqualTo("options");
		assertThat(this.jdbc.sql("SELECT count(*) FROM screenshot_jobs").query(Long.class).single()).isEqualTo(before);
	}

	@Test
	void getShowsTheJobWithItsStepHistoryAndTheImageIsNotReadyYet() {
		String id = client().submit("{\"url\":\"https://example.com/\"}").json().path("id").asString();

		ApiClient.Response job = client().get("/screenshots/" + id);
		assertThat(job.status()).isEqualTo(200);
		assertThat(job.json().path("steps").size()).isEqualTo(1);
		assertThat(job.json().path("attempts").asInt()).isZero();

		ApiClient.Response image = client().get("/screenshots/" + id + "/image");
		assertThat(image.status()).isEqualTo(409);
		assertThat(image.contentType()).isEqualTo("application/problem+json");
		assertThat(image.json().path("jobStatus").asString()).isEqualTo("pending");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					invalid options      | application/json | {"url":"ftp://x","options":{"width":1}}  | 400 | /problems/validation-error
					unknown field        | application/json | {"url":"http://a.example","x":1}         | 400 | /problems/validation-error
					malformed JSON       | application/json | {"url":                                  | 400 | /problems/malformed-request
					wrong content type   | text/plain       | http://a.example                         | 415 | /problems/unsupported-media-type
					""")
	void badInputGetsProblemDetailsAndLeavesNoRowAndNoMessage(String name, String contentType, String body, int status,
			String type) {
		long jobsBefore = count("screenshot_jobs");
		long outboxBefore = count("outbox_messages");

		ApiClient.Response response = client().post("/screenshots", contentType, body);

		assertThat(response.status()).isEqualTo(status);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.json().path("type").asString()).isEqualTo(type);
		assertThat(count("screenshot_jobs")).isEqualTo(jobsBefore);
		assertThat(count("outbox_messages")).isEqualTo(outboxBefore);
	}

	@Test
	void oversizedBodyGets413AndLeavesNoRow() {
		long jobsBefore = count("screenshot_jobs");

		ApiClient.Response response = client().submit("{\"url\":\"https://example.com/" + "a".repeat(5000) + "\"}");

		assertThat(response.status()).isEqualTo(413);
		assertThat(response.json().path("type").asString()).isEqualTo("/problems/payload-too-large");
		assertThat(count("screenshot_jobs")).isEqualTo(jobsBefore);
	}

	@Test
	void unknownJobAnswers404OnEveryRoute() {
		String id = UUID.randomUUID().toString();
		assertThat(client().get("/screenshots/" + id).status()).isEqualTo(404);
		assertThat(client().get("/screenshots/" + id + "/image").status()).isEqualTo(404);
	}

	@Test
	void pendingJobCanBeCancelledOnceAndThenAnswers409() {
		String id = client().submit("{\"url\":\"https://example.com/\"}").json().path("id").asString();

		ApiClient.Response cancelled = client().delete("/screenshots/" + id);

		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(cancelled.json().path("status").asString()).isEqualTo("cancelled");
		assertThat(cancelled.json().path("steps").valueStream().map((step) -> step.path("status").asString()))
			.containsExactly("pending", "cancelled");
		ApiClient.Response again = client().delete("/screenshots/" + id);
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json().path("jobStatus").asString()).isEqualTo("cancelled");
		assertThat(client().get("/screenshots/" + id + "/image").status()).isEqualTo(409);
		assertThat(client().delete("/screenshots/" + UUID.randomUUID()).status()).isEqualTo(404);
	}

	@Test
	void imageOfAnExpiredJobIsGone() {
		UUID id = UUID.randomUUID();
		this.jdbc
			.sql("""
					INSERT INTO screenshot_jobs (id, status, source_url, options, created_at, updated_at, finished_at,
					    expired_at, result_bucket, result_key, result_content_type, result_bytes, result_width, result_height,
					    result_sha256)
					VALUES (:id, 'completed', 'https://example.com/', '{}', now(), now(), now(), now(), 'b', 'k.png',
					    'image/png', 10, 1, 1, repeat('0', 64))
					""")
			.param("id", id)
			.update();

		ApiClient.Response image = client().get("/screenshots/" + id + "/image");

		assertThat(image.status()).isEqualTo(410);
		assertThat(image.json().path("type").asString()).isEqualTo("/problems/image-gone");
		assertThat(client().get("/screenshots/" + id).json().path("expiredAt").isMissingNode()).isFalse();
	}

	@Test
	void workersListShowsTheFleetTable() {
		this.jdbc.sql("""
				INSERT INTO workers (id, host, pid, status, pool_size, busy_slots, started_at, last_heartbeat_at)
				VALUES ('w-listed', 'host-a', 42, 'busy', 3, 1, now(), now())
				""").update();

		JsonNode workers = client().get("/workers").json().path("workers");

		JsonNode listed = workers.valueStream()
			.filter((worker) -> worker.path("id").asString().equals("w-listed"))
			.findFirst()
			.orElseThrow();
		assertThat(listed.path("status").asString()).isEqualTo("busy");
		assertThat(listed.path("poolSize").asInt()).isEqualTo(3);
		assertThat(listed.path("currentJobs").isArray()).isTrue();
	}

	@Test
	void deadLetterListRejectsInvalidParametersAndRedriveOfAnUnknownJobIs404() {
		assertThat(client().get("/admin/dead-letters?size=0").status()).isEqualTo(400);
		assertThat(client().get("/admin/dead-letters?since=yesterday").status()).isEqualTo(400);
		ApiClient.Response empty = client().get("/admin/dead-letters");
		assertThat(empty.status()).isEqualTo(200);
		assertThat(empty.json().path("items").isArray()).isTrue();
		ApiClient.Response unknown = client().post("/admin/dead-letters/" + UUID.randomUUID() + "/redrive",
				"application/json", "");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.json().path("type").asString()).isEqualTo("/problems/dead-letter-not-found");
		assertThat(client().post("/admin/dead-letters/not-a-uuid/redrive", "application/json", "").status())
			.isEqualTo(400);
	}

	@Test
	void aStepLastsUntilTheNextOneBeganWhateverDurationWasWritten() {
		UUID id = failedJob(1);
		Instant pending = Instant.parse("2026-01-01T00:00:00Z");
		Instant processing = pending.plusMillis(1500);
		Instant capturing = processing.plus(Duration.ofDays(30));
		Instant storing = capturing.minusSeconds(2);
		Instant failed = storing.plusMillis(10);
		// the first step as a service before V21 may have closed it: at a later move of
		// its own, long after the next step began
		step(id, "pending", 0, pending, 999_999);
		step(id, "processing", 1, processing, null);
		step(id, "capturing", 1, capturing, null);
		// entered by a service whose clock is behind
		step(id, "storing", 1, storing, null);
		step(id, "failed", 1, failed, null);

		JsonNode steps = client().get("/screenshots/" + id).json().path("steps");

		assertThat(steps.valueStream().map((step) -> step.path("status").asString()).toList())
			.containsExactly("pending", "processing", "capturing", "storing", "failed");
		assertThat(steps.get(0).path("durationMs").asLong()).as("the time until the next step").isEqualTo(1500);
		assertThat(steps.get(1).path("durationMs").asLong()).as("longer than an int's milliseconds")
			.isEqualTo(Duration.ofDays(30).toMillis());
		assertThat(steps.get(2).path("durationMs").asLong()).as("clamped at zero").isZero();
		assertThat(steps.get(3).path("durationMs").asLong()).isEqualTo(10);
		assertThat(steps.get(4).has("durationMs")).as("the step the job is in").isFalse();
	}

	/** A job that failed in {@code storing} after {@code attempts} attempts. */
	private UUID failedJob(int attempts) {
		UUID id = UUID.randomUUID();
		this.jdbc
			.sql("""
					INSERT INTO screenshot_jobs (id, status, source_url, options, attempts, created_at, updated_at, finished_at,
					    error_code, error_message, error_step)
					VALUES (:id, 'failed', 'https://example.com/', '{}', :attempts, now(), now(), now(), 'STORAGE_FAILED',
					    'down', 'storing')
					""")
			.param("id", id)
			.param("attempts", attempts)
			.update();
		return id;
	}

	private void step(UUID job, String status, int attempt, Instant enteredAt, Integer durationMs) {
		Map<String, Object> params = new HashMap<>();
		params.put("job", job);
		params.put("status", status);
		params.put("attempt", attempt);
		params.put("enteredAt", OffsetDateTime.ofInstant(enteredAt, ZoneOffset.UTC));
		params.put("durationMs", durationMs);
		this.jdbc.sql("""
				INSERT INTO job_steps (job_id, status, attempt, entered_at, duration_ms)
				VALUES (:job, :status, :attempt, :enteredAt, :durationMs)""").params(params).update();
	}

	@Test
	void redriveOfOneDeadLetteredJobResetsItAndRepublishes() {
		UUID id = failedJob(3);
		this.jdbc.sql("INSERT INTO job_steps (job_id, status, attempt, entered_at) VALUES (:id, 'failed', 3, now())")
			.param("id", id)
			.update();
		this.jdbc.sql("""
				INSERT INTO dead_letters (job_id, reason, error_code, attempts, first_failed_at, last_failed_at,
				    dead_lettered_at)
				VALUES (:id, 'down', 'STORAGE_FAILED', 3, now(), now(), now())
				""").param("id", id).update();
		assertThat(client().get("/admin/dead-letters?errorCode=STORAGE_FAILED").json().path("total").asInt())
			.isEqualTo(1);

		ApiClient.Response redrive = client().post("/admin/dead-letters/" + id + "/redrive", "application/json", "");

		assertThat(redrive.status()).as(redrive.toString()).isEqualTo(200);
		assertThat(redrive.json().path("republishConfirmed").asBoolean()).isTrue();
		JsonNode job = client().get("/screenshots/" + id).json();
		assertThat(job.path("status").asString()).isEqualTo("pending");
		assertThat(job.path("attempts").asInt()).isZero();
		assertThat(job.has("error")).isFalse();
		assertThat(client().get("/admin/dead-letters?errorCode=STORAGE_FAILED").json().path("total").asInt()).isZero();
		assertThat(workMessageOf(id)).as("the republished work message").isNotNull();
	}

	@Test
	void theJobListPagesThroughATenantsJobsNewestFirstWithFilters() {
		ApiClient tenant = client().withKey(client().createKey("list-tenant", "client", ""));
		ApiClient other = client().withKey(client().createKey("other-tenant", "client", ""));
		other.submit("{\"url\":\"https://other.example/\"}");
		List<String> submitted = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			submitted.add(tenant.submit("{\"url\":\"https://example.com/" + i + "\"}").json().path("id").asString());
		}
		tenant.delete("/screenshots/" + submitted.get(1));
		List<String> newestFirst = new ArrayList<>(submitted);
		Collections.reverse(newestFirst);

		List<String> seen = new ArrayList<>();
		String next = "/screenshots?limit=2";
		int pages = 0;
		while (next != null) {
			JsonNode page = tenant.get(next.replaceFirst("^http://[^/]+", "")).json();
			page.path("items").forEach((item) -> seen.add(item.path("id").asString()));
			next = page.path("links").path("next").isMissingNode() ? null : page.path("links").path("next").asString();
			pages++;
		}
		assertThat(seen).as("every job once, newest first, no other tenant's").isEqualTo(newestFirst);
		assertThat(pages).isEqualTo(3);

		JsonNode cancelled = tenant.get("/screenshots?status=cancelled").json();
		assertThat(cancelled.path("items")).hasSize(1);
		assertThat(cancelled.path("items").get(0).path("id").asString()).isEqualTo(submitted.get(1));
		assertThat(cancelled.path("items").get(0).path("links").path("self").asString())
			.endsWith("/screenshots/" + submitted.get(1));
		assertThat(cancelled.has("nextCursor")).isFalse();

		String createdOfThird = tenant.get("/screenshots/" + submitted.get(2)).json().path("createdAt").asString();
		JsonNode since = tenant.get("/screenshots?since=" + createdOfThird).json();
		assertThat(since.path("items")).extracting((item) -> item.path("id").asString())
			.containsExactly(submitted.get(4), submitted.get(3), submitted.get(2));
		JsonNode until = tenant.get("/screenshots?until=" + createdOfThird).json();
		assertThat(until.path("items")).extracting((item) -> item.path("id").asString())
			.containsExactly(submitted.get(1), submitted.get(0));
	}

	/**
	 * Reads the work queue up to the job's message; other tests' messages before it are
	 * dropped (no test relies on the queue being empty).
	 */
	private Message workMessageOf(Object id) {
		Message message = this.rabbit.receive(CaptureTopology.WORK_QUEUE, 10_000);
		while (message != null
				&& !id.toString().equals(message.getMessageProperties().getHeader(CaptureTopology.JOB_ID_HEADER))) {
			message = this.rabbit.receive(CaptureTopology.WORK_QUEUE, 2_000);
		}
		return message;
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			status=waiting        | status
			since=yesterday       | since
			until=2026-13-01      | until
			limit=0               | limit
			limit=101             | limit
			limit=ten             | limit
			cursor=not-a-cursor   | cursor
			""")
	void aBadListQueryIsAValidationErrorNamingTheParameter(String query, String parameter) {
		ApiClient.Response answer = client().get("/screenshots?" + query);

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.contentType()).isEqualTo("application/problem+json");
		assertThat(answer.json().path("errors").get(0).path("field").asString()).isEqualTo(parameter);
	}

	@Test
	void concurrentSubmitsEachGetTheirJobStepAndMessage() throws Exception {
		String key = client().withKey(ApiClient.TEST_ADMIN_KEY).createKey("group-commit", "client", "");
		List<Callable<ApiClient.Response>> submits = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			String body = "{\"url\":\"https://example.com/together/" + i + "\"}";
			submits.add(() -> client().withKey(key).submit(body));
		}
		List<UUID> ids = new ArrayList<>();
		try (ExecutorService threads = Executors.newFixedThreadPool(16)) {
			for (Future<ApiClient.Response> answer : threads.invokeAll(submits)) {
				assertThat(answer.get().status()).as(answer.get().toString()).isEqualTo(202);
				ids.add(UUID.fromString(answer.get().json().path("id").asString()));
			}
		}

		assertThat(ids).doesNotHaveDuplicates();
		for (UUID id : ids) {
			assertThat(countFor("job_steps", id)).isEqualTo(1);
			assertThat(countFor("outbox_messages", id)).isEqualTo(1);
		}
		assertThat(this.jdbc.sql("SELECT count(*) FROM screenshot_jobs WHERE tenant = 'group-commit'")
			.query(Long.class)
			.single()).isEqualTo(16);
	}

	@Test
	void submitsWrittenTogetherShareOneTransaction() {
		List<SubmitWriter.Pending> batch = List.of(pending(UUID.randomUUID()), pending(UUID.randomUUID()),
				pending(UUID.randomUUID()));

		this.writer.writeTogether(batch);

		List<UUID> ids = batch.stream().map((pending) -> pending.job().id()).toList();
		for (SubmitWriter.Pending pending : batch) {
			assertThat(pending.done().join().job().id()).isEqualTo(pending.job().id());
			assertThat(pending.done().join().steps()).singleElement()
				.satisfies((step) -> assertThat(step.id())
					.isEqualTo(this.jdbc.sql("SELECT id FROM job_steps WHERE job_id = :id")
						.param("id", pending.job().id())
						.query(Long.class)
						.single()));
			assertThat(countFor("outbox_messages", pending.job().id())).isEqualTo(1);
		}
		// one transaction wrote the three jobs: they carry its id
		assertThat(this.jdbc.sql("SELECT count(DISTINCT xmin::text) FROM screenshot_jobs WHERE id IN (:ids)")
			.param("ids", ids)
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void aRowTheDatabaseRefusesFailsOnlyItsOwnSubmit() {
		SubmitWriter.Pending existing = pending(UUID.randomUUID());
		this.writer.writeTogether(List.of(existing));
		SubmitWriter.Pending first = pending(UUID.randomUUID());
		SubmitWriter.Pending duplicate = pending(existing.job().id());
		SubmitWriter.Pending last = pending(UUID.randomUUID());

		this.writer.writeTogether(List.of(first, duplicate, last));

		assertThat(duplicate.done()).isCompletedExceptionally();
		assertThatThrownBy(duplicate.done()::join).hasCauseInstanceOf(DuplicateKeyException.class);
		for (SubmitWriter.Pending written : List.of(first, last)) {
			assertThat(written.done().join().job().id()).isEqualTo(written.job().id());
			assertThat(countFor("job_steps", written.job().id())).isEqualTo(1);
			assertThat(countFor("outbox_messages", written.job().id())).isEqualTo(1);
		}
		assertThat(countFor("job_steps", existing.job().id())).isEqualTo(1);
		assertThat(countFor("outbox_messages", existing.job().id())).isEqualTo(1);
	}

	@Test
	void aSubmitInsideACallersTransactionCommitsAndRollsBackWithIt() {
		// a schedule's run claims its slot and makes its job in one transaction
		CaptureRequest request = this.json.readValue("{\"url\":\"https://example.com/in-a-transaction\"}",
				CaptureRequest.class);
		ApiKeyPrincipal caller = new ApiKeyPrincipal(UUID.randomUUID(), "test", "in-a-transaction", Role.CLIENT, null,
				null, false);

		UUID id = this.transactions.execute((status) -> {
			UUID made = this.service.submit(request, null, null, caller, null).job().row().id();
			status.setRollbackOnly();
			return made;
		});

		assertThat(this.jdbc.sql("SELECT count(*) FROM screenshot_jobs WHERE id = :id")
			.param("id", id)
			.query(Long.class)
			.single()).isZero();
		assertThat(countFor("outbox_messages", id)).isZero();

		UUID committed = this.transactions
			.execute((status) -> this.service.submit(request, null, null, caller, null).job().row().id());

		assertThat(countFor("job_steps", committed)).isEqualTo(1);
		assertThat(countFor("outbox_messages", committed)).isEqualTo(1);
	}

	private SubmitWriter.Pending pending(UUID id) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		return new SubmitWriter.Pending(
				new NewJob(id, "group-commit-direct", null, "https://example.com/" + id, "{}", Priority.NORMAL, null,
						null, ScreenshotJob.Source.URL, now, null, null),
				CaptureMessages.capture(id, now, Priority.NORMAL, this.json), new CompletableFuture<>());
	}

	private long countFor(String table, UUID jobId) {
		return this.jdbc.sql("SELECT count(*) FROM " + table + " WHERE job_id = :id")
			.param("id", jobId)
			.query(Long.class)
			.single();
	}

	private long count(String table) {
		return this.jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
	}

	private ApiClient client() {
		return new ApiClient("http://localhost:" + this.port);
	}

}
