package dev.screenshots.worker;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

import dev.screenshots.model.capture.ImageFormat;
import dev.screenshots.model.messaging.CaptureRequested;
import dev.screenshots.model.messaging.CaptureTopology;
import dev.screenshots.model.storage.ObjectKeys;
import dev.screenshots.testsupport.JobRows;
import dev.screenshots.testsupport.TestInfrastructure;
import dev.screenshots.testsupport.TestPages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker against real PostgreSQL, RabbitMQ, S3 (S3Mock) and Chromium. Jobs are
 * inserted directly and their messages published by the test, as the API's outbox would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "capture.browser.pool-size=2", "capture.worker.id=worker-under-test" })
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

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		infrastructure.springProperties().forEach((key, value) -> registry.add(key, () -> value));
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
		assertThat(this.jdbc.sql("SELECT count(*) FROM job_steps WHERE job_id = :id AND duration_ms IS NULL")
			.param("id", id)
			.query(Integer.class)
			.single()).as("only the terminal step is still open").isEqualTo(1);
	}

	@Test
	void duplicateDeliveryOfCompletedJobIsAcknowledgedWithoutCapture() {
		String url = pages.html("/once", TestPages.solidColour("#123456"));
		UUID id = JobRows.aJob().url(url).insert(this.jdbc);
		publish(id);
		assertThat(awaitTerminal(id)).containsEntry("status", "completed");
		double duplicatesBefore = this.meters.counter("capture.deliveries", "outcome", "duplicate").count();

		publish(id);

		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.meters.counter("capture.deliveries", "outcome", "duplicate").count() > duplicatesBefore);
		assertThat(pages.hits("/once")).isEqualTo(1);
		assertThat(this.jdbc.sql("SELECT attempts FROM screenshot_jobs WHERE id = :id")
			.param("id", id)
			.query(Integer.class)
			.single()).isEqualTo(1);
		assertThat(steps(id)).filteredOn("completed"::equals).hasSize(1);
	}

	@Test
	void pageThatNeverFinishesLoadingFailsWithNavigationTimeoutInSyncingFiles() {
		String url = pages.neverFinishes("/hang");
		UUID id = JobRows.aJob().url(url).options("{\"timeoutMs\":1500}").insert(this.jdbc);

		publish(id);

		assertThat(awaitTerminal(id)).containsEntry("status", "failed")
			.containsEntry("error_code", "NAVIGATION_TIMEOUT")
			.containsEntry("error_step", "syncing_files");
		assertThat(steps(id)).containsExactly("pending", "processing", "validating", "creating_sandbox",
				"syncing_files", "failed");
	}

	@Test
	void unreachablePageFailsWithNavigationFailed() {
		UUID id = JobRows.aJob().url(TestPages.closedPortUrl()).insert(this.jdbc);

		publish(id);

		Map<String, Object> row = awaitTerminal(id);
		assertThat(row).containsEntry("status", "failed")
			.containsEntry("error_code", "NAVIGATION_FAILED")
			.containsEntry("error_step", "syncing_files");
		assertThat((String) row.get("error_message")).contains("ERR_CONNECTION_REFUSED").doesNotContain("Call log");
	}

	@Test
	void requestThatFailsRevalidationFailsWithInvalidRequestBeforeABrowserIsUsed() {
		UUID id = JobRows.aJob().url("file:///etc/passwd").insert(this.jdbc);

		publish(id);

		assertThat(awaitTerminal(id)).containsEntry("status", "failed")
			.containsEntry("error_code", "INVALID_REQUEST")
			.containsEntry("error_step", "validating");
	}

	@Test
	void unreadableMessageIsDeadLetteredAndTheConsumerKeepsGoing() {
		Message poison = MessageBuilder.withBody("not json".getBytes())
			.setContentType(MessageProperties.CONTENT_TYPE_JSON)
			.build();
		this.rabbit.send(CaptureTopology.EXCHANGE, CaptureTopology.CAPTURE_ROUTING_KEY, poison);

		Message deadLetter = this.rabbit.receive(CaptureTopology.DEAD_LETTER_QUEUE, 20_000);
		assertThat(deadLetter).isNotNull();
		assertThat(new String(deadLetter.getBody())).isEqualTo("not json");

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
		return await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.jdbc.sql("SELECT * FROM screenshot_jobs WHERE id = :id")
				.param("id", id)
				.query()
				.singleRow(), (row) -> List.of("completed", "failed").contains(row.get("status")));
	}

	private List<String> steps(UUID id) {
		return this.jdbc.sql("SELECT status FROM job_steps WHERE job_id = :id ORDER BY id")
			.param("id", id)
			.query(String.class)
			.list();
	}

}
