package dev.screenshots.worker;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import javax.imageio.ImageIO;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import dev.screenshots.model.capture.ImageFormat;
import dev.screenshots.model.job.JobStatus;
import dev.screenshots.model.job.JobTransitions;
import dev.screenshots.model.messaging.CaptureRequested;
import dev.screenshots.runtime.messaging.CaptureTopology;
import dev.screenshots.model.storage.ObjectKeys;
import dev.screenshots.model.storage.Sources;
import dev.screenshots.testsupport.JobRows;
import dev.screenshots.testsupport.TestInfrastructure;
import dev.screenshots.testsupport.TestPages;
import dev.screenshots.testsupport.Waits;
import dev.screenshots.worker.pipeline.ClaimedJob;
import dev.screenshots.worker.pipeline.InFlightJobs;
import dev.screenshots.worker.pipeline.JobStateStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker against real PostgreSQL, RabbitMQ, S3 (S3Mock) and Chromium. Jobs are
 * inserted directly and their messages published by the test, as the API's outbox would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "capture.browser.pool-size=2", "capture.worker.id=worker-under-test",
				"capture.worker.heartbeat-interval=500ms", "capture.worker.reaper-interval=500ms",
				"capture.retry.max-attempts=3", "capture.retry.delays=1s,1500ms",
				"capture.retention.sweep-interval=500ms" })
@DirtiesContext
class CaptureWorkerIntegrationTests {

	static final TestInfrastructure infrastructure = TestInfrastructure.create().migrate();

	static final TestPages pages = TestPages.start();

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	JsonMapper json;

	@Autowired
	MeterRegistry meters;

	@Autowired
	InFlightJobs inFlight;

	@Autowired
	JobStateStore store;

	@Autowired
	TransactionTemplate transactions;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		infrastructure.register(registry);
		// short, but scaled: a heartbeat delayed on a slow machine must not let the
		// reaper take a running job away from the worker
		registry.add("capture.worker.lease", () -> Waits.scaled(Duration.ofSeconds(2)).toMillis() + "ms");
	}

	@AfterAll
	static void cleanUp() {
		pages.close();
		infrastructure.close();
	}

	@Test
	void pendingJobIsCapturedStoredAndRecordedStepByStep() throws IOException {
		String url = pages.html("/orange", TestPages.solidColour("rgb(255, 128, 0)"));
		UUID id = JobRows.aJob().url(url).options("{\"width\":640,\"height\":480}").insert(this.jdbc);

		publish(id);

		Map<String, Object> row = awaitTerminal(id);
		assertThat(row).containsEntry("status", "completed")
			.containsEntry("attempts", 1)
			.containsEntry("worker_id", "worker-under-test")
			.containsEntry("result_content_type", "image/png")
			.containsEntry("result_width", 640)
			.containsEntry("result_height", 480);
		Instant createdAt = ((Timestamp) row.get("created_at")).toInstant();
		String key = ObjectKeys.screenshot(id, createdAt, ImageFormat.PNG);
		assertThat(row).containsEntry("result_key", key).containsEntry("result_bucket", infrastructure.bucket());

		ResponseBytes<GetObjectResponse> object = infrastructure.s3()
			.client()
			.getObjectAsBytes((request) -> request.bucket(infrastructure.bucket()).key(key));
		assertThat(object.response().contentType()).isEqualTo("image/png");
		assertThat(object.response().metadata()).containsEntry("job-id", id.toString());
		assertThat(object.asByteArray().length).isEqualTo(((Number) row.get("result_bytes")).intValue());
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(object.asByteArray()));
		assertThat(image.getWidth()).isEqualTo(640);
		assertThat(image.getHeight()).isEqualTo(480);
		assertThat(image.getRGB(320, 240) & 0xFFFFFF).isEqualTo(0xFF8000);

		assertThat(steps(id)).containsExactly("pending", "processing", "validating", "creating_sandbox",
				"syncing_files", "capturing", "storing", "completed");
		// a step's duration is the time until the next one was entered, derived when the
		// history is read (migration V21); only the terminal step has none
		List<Map<String, Object>> history = this.jdbc.sql("""
				SELECT duration_ms, round(extract(epoch FROM lead(entered_at) OVER (ORDER BY id) - entered_at) * 1000)
				         AS until_next_ms
				FROM job_step_history WHERE job_id = :id ORDER BY id""").param("id", id).query().listOfRows();
		assertThat(history).hasSize(8);
		assertThat(history.get(7).get("duration_ms")).as("the terminal step").isNull();
		for (Map<String, Object> step : history.subList(0, 7)) {
			assertThat(step.get("duration_ms")).isNotNull();
			assertThat(((Number) step.get("duration_ms")).longValue())
				.isEqualTo(((Number) step.get("until_next_ms")).longValue());
		}
	}

	@Test
	void runningJobsTransitionsAreHeapOnlyUpdates() {
		// no index reads what a running job's move writes (JobMove: status and
		// updated_at), so PostgreSQL may keep the new row version on its page without new
		// index entries (migration V20)
		assertThat(this.jdbc.sql("SELECT indexdef FROM pg_indexes WHERE tablename = 'screenshot_jobs'")
			.query(String.class)
			.list()).hasSizeGreaterThan(5).noneMatch((index) -> index.matches("(?s).*\\b(status|updated_at)\\b.*"));
		UUID id = JobRows.aJob().url("http://127.0.0.1:9/never-captured").insert(this.jdbc);
		try {
			ClaimedJob job = this.store.claim(id).orElseThrow();
			// this worker's heartbeat does not know the job: a lease out of the reaper's
			// reach for as long as the test takes
			this.jdbc.sql("UPDATE screenshot_jobs SET lease_expires_at = now() + interval '1 hour' WHERE id = :id")
				.param("id", id)
				.update();
			// a move, committed as the worker commits one, changes nothing else
			Map<String, Object> before = jobRowAsJson(id);
			this.store.advance(job, JobStatus.PROCESSING, JobStatus.VALIDATING, Instant.now());
			Map<String, Object> after = jobRowAsJson(id);
			assertThat(
					after.keySet().stream().filter((column) -> !Objects.equals(before.get(column), after.get(column))))
				.containsExactlyInAnyOrder("status", "updated_at");
			// and PostgreSQL writes such moves heap-only: the rest of the path in one
			// transaction, rolled back. A move whose row version stays on its page must
			// be heap-only; one that finds the page full goes to another, as any would.
			this.transactions.executeWithoutResult((transaction) -> {
				int stayed = 0;
				JobStatus from = JobStatus.VALIDATING;
				while (from != JobStatus.STORING) {
					JobStatus to = JobTransitions.next(from);
					String pageBefore = jobRowPage(id);
					long[] updatesBefore = jobRowUpdates();
					long[] stepWritesBefore = stepWrites();
					this.store.advance(job, from, to, Instant.now());
					long[] updatesAfter = jobRowUpdates();
					long[] stepWritesAfter = stepWrites();
					assertThat(updatesAfter[0] - updatesBefore[0]).as("updates of the move to " + to.value())
						.isEqualTo(1);
					// the new step is inserted, the one left is not written (V21)
					assertThat(stepWritesAfter[0] - stepWritesBefore[0])
						.as("steps inserted by the move to " + to.value())
						.isEqualTo(1);
					assertThat(stepWritesAfter[1] - stepWritesBefore[1])
						.as("steps updated by the move to " + to.value())
						.isZero();
					if (jobRowPage(id).equals(pageBefore)) {
						stayed++;
						assertThat(updatesAfter[1] - updatesBefore[1]).as("the move to " + to.value() + " heap-only")
							.isEqualTo(1);
					}
					from = to;
				}
				assertThat(stayed).as("moves that stayed on the row's page").isPositive();
				transaction.setRollbackOnly();
			});
		}
		finally {
			this.jdbc.sql("DELETE FROM screenshot_jobs WHERE id = :id").param("id", id).update();
		}
	}

	@Test
	void phaseTheIndexesReadAgreesWithTheStatus() {
		this.transactions.executeWithoutResult((transaction) -> {
			UUID id = JobRows.aJob().url("http://127.0.0.1:9/never-captured").insert(this.jdbc);
			for (JobStatus status : JobStatus.values()) {
				String phase = this.jdbc.sql("""
						UPDATE screenshot_jobs SET status = :status, error_code = 'X', result_key = 'k',
						    result_sha256 = repeat('0', 64)
						WHERE id = :id RETURNING phase, pending_since IS NOT DISTINCT FROM updated_at AS pending""")
					.param("status", status.value())
					.param("id", id)
					.query((rs, row) -> rs.getString("phase") + "/" + rs.getBoolean("pending"))
					.single();
				String expected = (status == JobStatus.PENDING) ? "pending/true"
						: (status.isTerminal() ? "finished/false" : "running/false");
				assertThat(phase).as(status.value()).isEqualTo(expected);
				assertThat(status.isRunning()).as(status.value()).isEqualTo(expected.startsWith("running"));
			}
			transaction.setRollbackOnly();
		});
	}

	@Test
	void duplicateDeliveryOfCompletedJobIsAcknowledgedWithoutCapture() {
		String url = pages.html("/once", TestPages.solidColour("#123456"));
		UUID id = JobRows.aJob().url(url).insert(this.jdbc);
		publish(id);
		assertThat(awaitTerminal(id)).containsEntry("status", "completed");
		double duplicatesBefore = this.meters.counter("capture.deliveries", "outcome", "duplicate").count();

		publish(id);

		Waits.await(Waits.MOMENT)
			.until(() -> this.meters.counter("capture.deliveries", "outcome", "duplicate").count() > duplicatesBefore);
		assertThat(pages.hits("/once")).isEqualTo(1);
		assertThat(this.jdbc.sql("SELECT attempts FROM screenshot_jobs WHERE id = :id")
			.param("id", id)
			.query(Integer.class)
			.single()).isEqualTo(1);
		assertThat(steps(id)).filteredOn("completed"::equals).hasSize(1);
	}

	@Test
	void pageThatNeverFinishesLoadingIsRetriedThenDeadLetteredWithNavigationTimeout() {
		String url = pages.neverFinishes("/hang");
		UUID id = JobRows.aJob().url(url).options("{\"timeoutMs\":1000}").insert(this.jdbc);

		publish(id);

		Map<String, Object> row = awaitTerminal(id);
		assertThat(row).containsEntry("status", "failed")
			.containsEntry("attempts", 3)
			.containsEntry("error_code", "NAVIGATION_TIMEOUT")
			.containsEntry("error_step", "syncing_files");
		assertThat(steps(id)).containsExactly("pending", "processing", "validating", "creating_sandbox",
				"syncing_files", "pending", "processing", "validating", "creating_sandbox", "syncing_files", "pending",
				"processing", "validating", "creating_sandbox", "syncing_files", "failed");
		assertThat(pages.hits("/hang")).isEqualTo(3);

		Message deadLetter = awaitDeadLetter(id);
		assertThat(deadLetter.getMessageProperties().<String>getHeader(CaptureTopology.ERROR_CODE_HEADER))
			.isEqualTo("NAVIGATION_TIMEOUT");
		assertThat(deadLetter.getMessageProperties().<String>getHeader(CaptureTopology.ATTEMPTS_HEADER)).isEqualTo("3");
		assertThat(deadLetter.getMessageProperties().<String>getHeader(CaptureTopology.WORKER_HEADER))
			.isEqualTo("worker-under-test");
		assertThat(deadLetter.getMessageProperties().<String>getHeader(CaptureTopology.REASON_HEADER))
			.contains("syncing_files");
		Waits.await(Waits.MOMENT)
			.untilAsserted(() -> assertThat(
					this.jdbc.sql("SELECT count(*) FROM outbox_messages WHERE job_id = :id AND sent_at IS NULL")
						.param("id", id)
						.query(Long.class)
						.single())
				.as("the worker's outbox messages are confirmed and marked sent")
				.isZero());
		// every message of the job is confirmed by the broker by now, so a second dead
		// letter would be in the queue already
		assertThat(this.rabbit.receive(CaptureTopology.DEAD_LETTER_QUEUE, 1_500)).as("a second dead letter").isNull();
		Map<String, Object> indexed = this.jdbc.sql("SELECT * FROM dead_letters WHERE job_id = :id")
			.param("id", id)
			.query()
			.singleRow();
		assertThat(indexed).containsEntry("error_code", "NAVIGATION_TIMEOUT").containsEntry("attempts", 3);
		assertThat((Timestamp) indexed.get("first_failed_at")).isBefore((Timestamp) indexed.get("last_failed_at"));
	}

	@Test
	void retryWaitsInPendingWithItsLastErrorAndThenSucceeds() {
		// the first request hangs until the page time limit runs out; the second must
		// load within it, so the limit is scaled
		String url = pages.hangsFirst("/flaky", 1, TestPages.solidColour("#00ff00"));
		UUID id = JobRows.aJob()
			.url(url)
			.options("{\"timeoutMs\":" + Waits.pageTimeoutMillis(1000) + "}")
			.insert(this.jdbc);
		// the job waits in pending only until its retry is due, about a second: too short
		// to be sure to see it by polling, so every version of the row is kept
		List<Map<String, Object>> versions;
		recordJobRowVersions();
		try {
			publish(id);

			assertThat(awaitTerminal(id)).containsEntry("status", "completed")
				.containsEntry("attempts", 2)
				.containsEntry("error_code", null)
				.containsEntry("last_error_code", "NAVIGATION_TIMEOUT");
			versions = this.jdbc.sql(
					"SELECT * FROM job_row_versions WHERE id = :id AND status = 'pending' AND next_attempt_at IS NOT NULL"
							+ " ORDER BY version")
				.param("id", id)
				.query()
				.listOfRows();
		}
		finally {
			stopRecordingJobRowVersions();
		}
		assertThat(versions).as("the job waiting for its retry").isNotEmpty();
		assertThat(versions.get(0)).containsEntry("attempts", 1)
			.containsEntry("last_error_code", "NAVIGATION_TIMEOUT")
			.containsEntry("lease_expires_at", null);
		assertThat(pages.hits("/flaky")).isEqualTo(2);
		assertThat(infrastructure.s3().objects(infrastructure.bucket(), "screenshots/"))
			.filteredOn((object) -> object.key().contains(id.toString()))
			.hasSize(1);
	}

	@Test
	void jobOfALostWorkerIsTakenBackByTheReaperAndCompleted() {
		String url = pages.html("/orphan", TestPages.solidColour("white"));
		UUID id = JobRows.aJob()
			.url(url)
			.status("capturing")
			.heldBy("crashed-worker", 1, Instant.now().minusSeconds(5))
			.insert(this.jdbc);

		Map<String, Object> row = awaitTerminal(id);

		assertThat(row).containsEntry("status", "completed")
			.containsEntry("attempts", 2)
			.containsEntry("worker_id", "worker-under-test")
			.containsEntry("last_error_code", "WORKER_LOST");
		assertThat(steps(id)).containsExactly("capturing", "pending", "processing", "validating", "creating_sandbox",
				"syncing_files", "capturing", "storing", "completed");
	}

	@Test
	void redeliveredMessageOfAJobWhoseLeaseIsStillValidIsNotCapturedAgain() {
		String url = pages.html("/leased", TestPages.solidColour("white"));
		UUID id = JobRows.aJob()
			.url(url)
			.status("capturing")
			.heldBy("busy-worker", 1, Instant.now().plusSeconds(3600))
			.insert(this.jdbc);
		double duplicatesBefore = this.meters.counter("capture.deliveries", "outcome", "duplicate").count();

		publish(id);

		Waits.await(Waits.MOMENT)
			.until(() -> this.meters.counter("capture.deliveries", "outcome", "duplicate").count() > duplicatesBefore);
		assertThat(row(id)).containsEntry("status", "capturing").containsEntry("worker_id", "busy-worker");
		assertThat(pages.hits("/leased")).isZero();
	}

	@Test
	void cancelledRunningJobStopsAtTheNextStepBoundaryWithoutAnImage() {
		String url = pages.neverFinishes("/cancel-me");
		UUID id = JobRows.aJob().url(url).options("{\"timeoutMs\":3000}").insert(this.jdbc);
		publish(id);
		// cancelled while the worker loads the page on its first attempt: the update
		// applies only then, so it cannot hit a job that moved on (the attempt ends after
		// 3 s) between a look at its status and the update
		Waits.await(Waits.ONE_JOB)
			.until(() -> this.jdbc
				.sql("UPDATE screenshot_jobs SET status = 'cancelled', finished_at = now()"
						+ " WHERE id = :id AND status = 'syncing_files' AND attempts = 1")
				.param("id", id)
				.update() == 1);

		double duplicatesBefore = this.meters.counter("capture.deliveries", "outcome", "duplicate").count();
		// the worker notices at the next step boundary, when the page's 3 s ran out, and
		// lets go of the job; then nothing brings it back
		Waits.await(Waits.ONE_JOB).until(() -> !this.inFlight.ids().contains(id));
		Waits.holdsFor(Duration.ofSeconds(2)).until(() -> {
			Map<String, Object> current = row(id);
			return "cancelled".equals(current.get("status")) && (Integer) current.get("attempts") == 1;
		});
		assertThat(steps(id)).last().isEqualTo("syncing_files");
		assertThat(infrastructure.s3().objects(infrastructure.bucket(), "screenshots/"))
			.noneMatch((object) -> object.key().contains(id.toString()));
		assertThat(this.meters.counter("capture.deliveries", "outcome", "duplicate").count())
			.isEqualTo(duplicatesBefore);
	}

	@Test
	void retentionDeletesOldImagesAndMarksTheirJobsExpiredButKeepsRecentOnes() {
		UUID old = completedJobWithImage(Instant.now().minus(Duration.ofDays(31)));
		UUID recent = completedJobWithImage(Instant.now().minus(Duration.ofDays(29)));
		UUID answeredFromTheCache = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO screenshot_jobs (id, status, source_url, options, created_at, updated_at, finished_at,
				    result_bucket, result_key, result_content_type, result_bytes, result_width, result_height,
				    result_sha256, cached_from)
				SELECT :copy, status, source_url, options, now(), now(), now(), result_bucket, result_key,
				    result_content_type, result_bytes, result_width, result_height, result_sha256, id
				FROM screenshot_jobs WHERE id = :old
				""").param("copy", answeredFromTheCache).param("old", old).update();

		Waits.await(Waits.MOMENT).until(() -> row(old).get("expired_at") != null);
		assertThat(row(answeredFromTheCache).get("expired_at")).as("a job answered with the expired image").isNotNull();

		assertThat(infrastructure.s3().objects(infrastructure.bucket(), "retention/" + old))
			.as("the image and its artifacts")
			.isEmpty();
		assertThat(infrastructure.s3().objects(infrastructure.bucket(), Sources.prefix(old))).isEmpty();
		assertThat(infrastructure.s3().objects(infrastructure.bucket(), Sources.prefix(recent))).hasSize(2);
		assertThat(row(old)).containsEntry("status", "completed");
		assertThat(row(recent)).containsEntry("expired_at", null);
		assertThat(infrastructure.s3().objects(infrastructure.bucket(), "retention/" + recent))
			.as("the image and its artifact")
			.hasSize(2);
	}

	@Test
	void bundleJobWhoseFilesAreGoneFailsAtOnceWithInvalidRequest() {
		UUID id = UUID.randomUUID();
		JobRows.aJob()
			.id(id)
			.url(Sources.url(id, "index.html"))
			.source("bundle", "index.html", Sources.prefix(id))
			.insert(this.jdbc);

		publish(id);

		Map<String, Object> row = awaitTerminal(id);
		assertThat(row).containsEntry("status", "failed")
			.containsEntry("error_code", "INVALID_REQUEST")
			.containsEntry("error_step", "syncing_files")
			.containsEntry("attempts", 1);
		assertThat((String) row.get("error_message")).contains("no longer stored");
	}

	@Test
	void workerRegistersAndHeartbeats() {
		Map<String, Object> first = workerRow();
		Waits.await(Waits.MOMENT)
			.until(() -> ((Timestamp) workerRow().get("last_heartbeat_at"))
				.after((Timestamp) first.get("last_heartbeat_at")));
		assertThat(workerRow()).containsEntry("pool_size", 2).containsEntry("pid", ProcessHandle.current().pid());
		assertThat((String) workerRow().get("status")).isIn("idle", "busy");
	}

	@Test
	void downloadInsteadOfAPageFailsAtOnceWithUnsupportedContent() {
		String url = pages.respond("/download.bin", 200, "application/octet-stream",
				Map.of("Content-Disposition", "attachment; filename=data.bin"), new byte[] { 1, 2, 3 });
		UUID id = JobRows.aJob().url(url).insert(this.jdbc);

		publish(id);

		assertThat(awaitTerminal(id)).containsEntry("status", "failed")
			.containsEntry("error_code", "UNSUPPORTED_CONTENT")
			.containsEntry("attempts", 1);
	}

	@Test
	void pageWithNoContentFailsAtOnceWithEmptyPage() {
		String url = pages.respond("/no-content", 204, "text/html", Map.of(), new byte[0]);
		UUID id = JobRows.aJob().url(url).insert(this.jdbc);

		publish(id);

		assertThat(awaitTerminal(id)).containsEntry("status", "failed")
			.containsEntry("error_code", "EMPTY_PAGE")
			.containsEntry("error_step", "syncing_files")
			.containsEntry("attempts", 1);
	}

	@Test
	void requestThatFailsRevalidationFailsWithInvalidRequestBeforeABrowserIsUsed() {
		UUID id = JobRows.aJob().url("file:///etc/passwd").insert(this.jdbc);

		publish(id);

		assertThat(awaitTerminal(id)).containsEntry("status", "failed")
			.containsEntry("error_code", "INVALID_REQUEST")
			.containsEntry("error_step", "validating")
			.as("not retryable: one attempt")
			.containsEntry("attempts", 1);
	}

	@Test
	void unreadableMessageIsDeadLetteredAndTheConsumerKeepsGoing() {
		Message poison = MessageBuilder.withBody("not json".getBytes())
			.setContentType(MessageProperties.CONTENT_TYPE_JSON)
			.build();
		this.rabbit.send(CaptureTopology.EXCHANGE, CaptureTopology.CAPTURE_ROUTING_KEY, poison);

		Waits.await(Waits.MOMENT)
			.until(() -> this.jdbc.sql(
					"SELECT count(*) FROM dead_letters WHERE error_code = 'UNREADABLE_MESSAGE' AND payload_preview = 'not json'")
				.query(Integer.class)
				.single() == 1);
		Waits.await(Waits.MOMENT)
			.alias("the unreadable message in the dead-letter queue")
			.until(() -> this.rabbit.receive(CaptureTopology.DEAD_LETTER_QUEUE, 100),
					(candidate) -> candidate != null && "not json".equals(new String(candidate.getBody())));

		String url = pages.html("/after-poison", TestPages.solidColour("white"));
		UUID id = JobRows.aJob().url(url).insert(this.jdbc);
		publish(id);
		assertThat(awaitTerminal(id)).containsEntry("status", "completed");
	}

	private void publish(UUID id) {
		Message message = MessageBuilder.withBody(this.json.writeValueAsBytes(new CaptureRequested(id, Instant.now())))
			.setContentType(MessageProperties.CONTENT_TYPE_JSON)
			.setHeader(CaptureTopology.JOB_ID_HEADER, id.toString())
			.build();
		this.rabbit.send(CaptureTopology.EXCHANGE, CaptureTopology.CAPTURE_ROUTING_KEY, message);
	}

	private Map<String, Object> awaitTerminal(UUID id) {
		return Waits.await(Waits.ONE_JOB)
			.until(() -> row(id), (row) -> List.of("completed", "failed", "cancelled").contains(row.get("status")));
	}

	private UUID completedJobWithImage(Instant finishedAt) {
		UUID id = UUID.randomUUID();
		String key = "retention/" + id + ".png";
		String har = "retention/" + id + "/har.har";
		for (String object : List.of(key, har, Sources.prefix(id) + "index.html",
				Sources.prefix(id) + "css/site.css")) {
			infrastructure.s3()
				.client()
				.putObject((request) -> request.bucket(infrastructure.bucket()).key(object),
						software.amazon.awssdk.core.sync.RequestBody.fromString("x"));
		}
		this.jdbc
			.sql("""
					INSERT INTO screenshot_jobs (id, status, source_url, options, created_at, updated_at, finished_at,
					    result_bucket, result_key, result_content_type, result_bytes, result_width, result_height, result_sha256,
					    source_type, source_entry, source_prefix, source_files, source_bytes, result_artifacts)
					VALUES (:id, 'completed', 'https://example.com/', '{}', :at, :at, :at, :bucket, :key, 'image/png', 3, 1, 1,
					    repeat('0', 64), 'bundle', 'index.html', :prefix, 2, 2, CAST(:artifacts AS jsonb))
					""")
			.param("artifacts", "[{\"name\":\"har\",\"key\":\"" + har + "\",\"contentType\":\"application/json\","
					+ "\"bytes\":1,\"sha256\":\"00\",\"truncated\":false},"
					+ "{\"name\":\"html\",\"truncated\":false,\"problem\":\"ARTIFACT_FAILED\",\"message\":\"x\"}]")
			.param("prefix", Sources.prefix(id))
			.param("id", id)
			.param("at", java.time.OffsetDateTime.ofInstant(finishedAt, java.time.ZoneOffset.UTC))
			.param("bucket", infrastructure.bucket())
			.param("key", key)
			.update();
		return id;
	}

	private Map<String, Object> jobRowAsJson(UUID id) {
		return this.json.readValue(this.jdbc.sql("SELECT to_jsonb(j)::text FROM screenshot_jobs j WHERE id = :id")
			.param("id", id)
			.query(String.class)
			.single(), new tools.jackson.core.type.TypeReference<Map<String, Object>>() {
			});
	}

	/** The heap page of the job's row version that this transaction sees. */
	private String jobRowPage(UUID id) {
		return this.jdbc.sql("SELECT (ctid::text::point)[0]::text FROM screenshot_jobs WHERE id = :id")
			.param("id", id)
			.query(String.class)
			.single();
	}

	/**
	 * The job table's updates and heap-only updates this connection has counted and not
	 * yet reported to the statistics (the current transaction's among them).
	 */
	private long[] jobRowUpdates() {
		return this.jdbc
			.sql("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relname = 'screenshot_jobs'")
			.query((rs, row) -> new long[] { rs.getLong(1), rs.getLong(2) })
			.single();
	}

	/**
	 * The step table's inserts and updates this connection has counted and not yet
	 * reported to the statistics.
	 */
	private long[] stepWrites() {
		return this.jdbc.sql("SELECT n_tup_ins, n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = 'job_steps'")
			.query((rs, row) -> new long[] { rs.getLong(1), rs.getLong(2) })
			.single();
	}

	private Map<String, Object> row(UUID id) {
		return this.jdbc.sql("SELECT * FROM screenshot_jobs WHERE id = :id").param("id", id).query().singleRow();
	}

	private Map<String, Object> workerRow() {
		return this.jdbc.sql("SELECT * FROM workers WHERE id = 'worker-under-test'").query().singleRow();
	}

	private Message awaitDeadLetter(UUID id) {
		return Waits.await(Waits.MOMENT)
			.alias("a dead letter for job " + id)
			.until(() -> this.rabbit.receive(CaptureTopology.DEAD_LETTER_QUEUE, 100), (message) -> message != null
					&& id.toString().equals(message.getMessageProperties().getHeader(CaptureTopology.JOB_ID_HEADER)));
	}

	/**
	 * Keeps a copy of every version of every job row an update writes, in
	 * {@code job_row_versions} (in order of {@code version}), until
	 * {@link #stopRecordingJobRowVersions()}.
	 */
	private void recordJobRowVersions() {
		this.jdbc.sql("CREATE TABLE job_row_versions AS TABLE screenshot_jobs WITH NO DATA").update();
		this.jdbc.sql("ALTER TABLE job_row_versions ADD COLUMN version bigserial").update();
		this.jdbc.sql("""
				CREATE FUNCTION record_job_row_version() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
				    INSERT INTO job_row_versions SELECT NEW.*;
				    RETURN NULL;
				END
				$$""").update();
		this.jdbc.sql("""
				CREATE TRIGGER record_job_row_version AFTER UPDATE ON screenshot_jobs
				FOR EACH ROW EXECUTE FUNCTION record_job_row_version()""").update();
	}

	private void stopRecordingJobRowVersions() {
		this.jdbc.sql("DROP TRIGGER record_job_row_version ON screenshot_jobs").update();
		this.jdbc.sql("DROP FUNCTION record_job_row_version()").update();
		this.jdbc.sql("DROP TABLE job_row_versions").update();
	}

	private List<String> steps(UUID id) {
		return this.jdbc.sql("SELECT status FROM job_steps WHERE job_id = :id ORDER BY id")
			.param("id", id)
			.query(String.class)
			.list();
	}

}
