package dev.screenshots.api;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.screenshots.testsupport.Closeables;
import dev.screenshots.testsupport.LocalServers;
import dev.screenshots.testsupport.SubmittedJobs;
import dev.screenshots.testsupport.SystemUnderTest;
import dev.screenshots.testsupport.TestInfrastructure;
import dev.screenshots.testsupport.TestPages;
import dev.screenshots.testsupport.Waits;

import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The real servers restarted while 50 jobs flow: RabbitMQ stopped and started with its
 * own commands, PostgreSQL restarted with a fast shutdown. Every accepted job ends
 * completed with one image and nothing stays running. These stop the machine's shared
 * servers, so they run in their own stage (the failsafe execution {@code server-restarts}
 * of api-service, after every other integration test of the module; the modules after it
 * start once the servers are back).
 */
@Tag("server-restarts")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerRestartIntegrationTests {

	static TestInfrastructure infrastructure;

	static TestPages pages;

	static SystemUnderTest system;

	static JdbcClient jdbc;

	static SubmittedJobs jobs;

	@BeforeAll
	static void start() {
		assumeThat(LocalServers.restartable()).as("the shared servers are this machine's own").isTrue();
		infrastructure = TestInfrastructure.create();
		pages = TestPages.start();
		jdbc = infrastructure.jdbc();
		// a short lease, so that jobs whose worker lost track of them during an outage
		// are taken back soon
		system = new SystemUnderTest("restarts", infrastructure).startApi(Map.of())
			.startWorker(Map.of("capture.browser.pool-size", "2", "capture.worker.lease",
					Waits.scaled(Duration.ofSeconds(5)).toMillis() + "ms", "capture.worker.heartbeat-interval", "1s",
					"capture.worker.reaper-interval", "1s", "capture.retry.delays", "500ms,1s,2s"));
		jobs = new SubmittedJobs(system, infrastructure);
	}

	@AfterAll
	static void stop() {
		Closeables.closeAll(system, pages, infrastructure);
	}

	@Test
	@Order(1)
	void rabbitMqStoppedAndStartedWith50JobsInFlight() {
		List<String> ids = submitAndAwaitFlow(50, "/rabbit-restart");
		Instant fault = Instant.now();
		LocalServers.restartRabbitMq(Duration.ofSeconds(3));
		Instant back = Instant.now();

		jobs.awaitEveryCompletedOnce(ids);
		report("RabbitMQ stopped for 3 s", fault, back, ids);
	}

	@Test
	@Order(2)
	void postgresRestartedWithAFastShutdownWith50JobsInFlight() {
		List<String> ids = submitAndAwaitFlow(50, "/postgres-restart");
		Instant fault = Instant.now();
		LocalServers.restartPostgres();
		Instant back = Instant.now();

		jobs.awaitEveryCompletedOnce(ids);
		report("PostgreSQL restarted (fast shutdown)", fault, back, ids);
	}

	private static List<String> submitAndAwaitFlow(int count, String path) {
		String url = pages.html(path, TestPages.solidColour("rgb(20, 140, 200)"));
		List<String> ids = jobs.submit(count, "{\"url\":\"" + url + "\",\"options\":{\"delayMs\":300}}");
		jobs.awaitFlowing(ids);
		return ids;
	}

	/** Reported, not asserted: docs/reliability.md quotes it. */
	private static void report(String fault, Instant at, Instant back, List<String> ids) {
		OffsetDateTime firstAfter = jdbc
			.sql("SELECT min(finished_at) FROM screenshot_jobs WHERE finished_at > :back AND id IN ("
					+ SubmittedJobs.in(ids) + ")")
			.param("back", OffsetDateTime.ofInstant(back, ZoneOffset.UTC))
			.query(OffsetDateTime.class)
			.single();
		System.out.printf("%s: back after %d ms; first job completed %d ms after the fault%n", fault,
				Duration.between(at, back).toMillis(), Duration.between(at, firstAfter.toInstant()).toMillis());
	}

}
