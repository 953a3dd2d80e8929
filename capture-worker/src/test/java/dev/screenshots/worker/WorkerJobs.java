package dev.screenshots.worker;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.screenshots.model.messaging.CaptureRequested;
import dev.screenshots.runtime.messaging.CaptureTopology;
import dev.screenshots.testsupport.JobRows;
import dev.screenshots.testsupport.TestInfrastructure;
import dev.screenshots.testsupport.Waits;

/**
 * Runs jobs through a worker under test the way the API would hand them over: a job row,
 * then a work message; and reads back what happened.
 */
final class WorkerJobs {

	private final JdbcClient jdbc;

	private final RabbitTemplate rabbit;

	private final JsonMapper json;

	private final TestInfrastructure infrastructure;

	WorkerJobs(JdbcClient jdbc, RabbitTemplate rabbit, JsonMapper json, TestInfrastructure infrastructure) {
		this.jdbc = jdbc;
		this.rabbit = rabbit;
		this.json = json;
		this.infrastructure = infrastructure;
	}

	/**
	 * Submits a URL job and waits for its outcome.
	 * @param url the page
	 * @param optionsJson the options, as the API stores them
	 * @return the job row when it is terminal
	 */
	Map<String, Object> run(String url, String optionsJson) {
		UUID id = JobRows.aJob().url(url).options(optionsJson).insert(this.jdbc);
		publish(id);
		return awaitTerminal(id);
	}

	void publish(UUID id) {
		Message message = MessageBuilder.withBody(this.json.writeValueAsBytes(new CaptureRequested(id, Instant.now())))
			.setContentType(MessageProperties.CONTENT_TYPE_JSON)
			.setHeader(CaptureTopology.JOB_ID_HEADER, id.toString())
			.build();
		this.rabbit.send(CaptureTopology.EXCHANGE, CaptureTopology.CAPTURE_ROUTING_KEY, message);
	}

	Map<String, Object> awaitTerminal(UUID id) {
		return Waits.await(Waits.ONE_JOB)
			.until(() -> row(id), (row) -> List.of("completed", "failed", "cancelled").contains(row.get("status")));
	}

	Map<String, Object> row(UUID id) {
		return this.jdbc.sql("SELECT * FROM screenshot_jobs WHERE id = :id").param("id", id).query().singleRow();
	}

	List<String> steps(UUID id) {
		return this.jdbc.sql("SELECT status FROM job_steps WHERE job_id = :id ORDER BY id")
			.param("id", id)
			.query(String.class)
			.list();
	}

	/**
	 * The stored output of a completed job.
	 * @param row the job row
	 * @return the object's bytes
	 */
	byte[] output(Map<String, Object> row) {
		return this.infrastructure.s3()
			.client()
			.getObjectAsBytes(
					(request) -> request.bucket((String) row.get("result_bucket")).key((String) row.get("result_key")))
			.asByteArray();
	}

}
