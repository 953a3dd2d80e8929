package dev.screenshots.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.screenshots.testsupport.ApiClient;
import dev.screenshots.testsupport.Closeables;
import dev.screenshots.testsupport.SystemUnderTest;
import dev.screenshots.testsupport.TestInfrastructure;
import dev.screenshots.testsupport.TestPages;
import dev.screenshots.testsupport.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Priorities against the real system: a backlog is drained high first, then normal, then
 * low, and only keys allowed to may ask for {@code high}.
 */
class PriorityIntegrationTests {

	static TestInfrastructure infrastructure;

	static TestPages pages;

	static SystemUnderTest system;

	static ApiClient admin;

	@BeforeAll
	static void startApi() {
		infrastructure = TestInfrastructure.create();
		pages = TestPages.start();
		system = new SystemUnderTest("priority", infrastructure).startApi(Map.of());
		admin = system.client().withKey(ApiClient.TEST_ADMIN_KEY);
	}

	@AfterAll
	static void stop() {
		Closeables.closeAll(system, pages, infrastructure);
	}

	@Test
	void highJobsOvertakeABacklogOfNormalOnesAndLowOnesComeLast() {
		String url = pages.html("/page", TestPages.solidColour("rgb(10, 20, 30)"));
		String key = admin.createKey("priority-tenant", "client", "\"allowHighPriority\":true");
		ApiClient client = system.client().withKey(key);
		// the backlog builds up while no worker runs: low first, then normal, high last
		Map<String, String> priorityOf = new HashMap<>();
		for (String priority : List.of("low", "low", "low", "normal", "normal", "normal", "normal", "normal", "normal",
				"high", "high", "high")) {
			ApiClient.Response accepted = client.submit("{\"url\":\"" + url + "\",\"priority\":\"" + priority + "\"}");
			assertThat(accepted.status()).isEqualTo(202);
			assertThat(accepted.json().path("priority").asString()).isEqualTo(priority);
			priorityOf.put(accepted.json().path("id").asString(), priority);
		}
		Waits.await(Waits.MOMENT)
			.until(() -> infrastructure.jdbc()
				.sql("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL")
				.query(Integer.class)
				.single() == 0);

		// one browser: the worker takes the jobs one at a time in the queue's order
		system.startWorker(Map.of("capture.browser.pool-size", "1"));
		for (String id : priorityOf.keySet()) {
			assertThat(client.awaitTerminal(id, Waits.MANY_JOBS).path("status").asString()).isEqualTo("completed");
		}

		// The order the worker took them in: the order of their claims, which one
		// consumer makes one after the other (the step history's ids follow it). Not
		// the order they finished in: a job's upload runs off the browser, while the
		// next job already has it, so two neighbours may finish either way round.
		List<String> order = infrastructure.jdbc().sql("""
				SELECT j.id::text FROM screenshot_jobs j JOIN job_steps s ON s.job_id = j.id AND s.status = 'processing'
				WHERE j.tenant = 'priority-tenant' GROUP BY j.id ORDER BY min(s.id)
				""").query(String.class).list().stream().map(priorityOf::get).toList();
		assertThat(order).containsExactly("high", "high", "high", "normal", "normal", "normal", "normal", "normal",
				"normal", "low", "low", "low");
	}

	@Test
	void aKeyWithoutThePermissionIsRefusedHighPriorityButMayUseTheOthers() {
		String key = admin.createKey("plain-tenant", "client", "");
		ApiClient client = system.client().withKey(key);
		String url = pages.html("/plain", TestPages.solidColour("rgb(1, 2, 3)"));

		ApiClient.Response refused = client.submit("{\"url\":\"" + url + "\",\"priority\":\"high\"}");

		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(refused.json().path("type").asString()).endsWith("/problems/priority-not-allowed");
		assertThat(refused.json().path("code").asString()).isEqualTo("PRIORITY_NOT_ALLOWED");
		assertThat(infrastructure.jdbc()
			.sql("SELECT count(*) FROM screenshot_jobs WHERE tenant = 'plain-tenant'")
			.query(Integer.class)
			.single()).as("nothing was written").isZero();
		assertThat(client.submit("{\"url\":\"" + url + "\",\"priority\":\"low\"}").status()).isEqualTo(202);
		ApiClient.Response normal = client.submit("{\"url\":\"" + url + "\"}");
		assertThat(normal.status()).isEqualTo(202);
		assertThat(normal.json().path("priority").asString()).isEqualTo("normal");
	}

	@Test
	void anUnknownPriorityIsABadRequestNamingTheAllowedValues() {
		ApiClient.Response answer = admin
			.submit("{\"url\":\"" + pages.html("/x", "<p>x</p>") + "\",\"priority\":\"urgent\"}");

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.contentType()).startsWith("application/problem+json");
		assertThat(answer.json().toString()).contains("high, normal, low");
	}

}
