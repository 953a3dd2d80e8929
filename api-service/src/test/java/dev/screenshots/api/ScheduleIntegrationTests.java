package dev.screenshots.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.screenshots.testsupport.ApiClient;
import dev.screenshots.testsupport.Closeables;
import dev.screenshots.testsupport.SystemUnderTest;
import dev.screenshots.testsupport.TestInfrastructure;
import dev.screenshots.testsupport.TestPages;
import dev.screenshots.testsupport.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scheduled captures on two api-service instances and a worker: each due run makes one
 * job whichever instance sees it first, a run missed while no instance ran is made once,
 * runs compared with the previous one make a timeline of changes, and pausing stops them.
 */
class ScheduleIntegrationTests {

	static TestInfrastructure infrastructure;

	static TestPages pages;

	static SystemUnderTest system;

	static JdbcClient jdbc;

	@BeforeAll
	static void startSystem() {
		infrastructure = TestInfrastructure.create();
		pages = TestPages.start();
		Map<String, String> fast = Map.of("api.schedules.poll-interval", "300ms", "api.schedules.min-interval", "2s");
		system = new SystemUnderTest("schedules", infrastructure).startApi(fast).startApi(fast).startWorker(Map.of());
		jdbc = infrastructure.jdbc();
	}

	@AfterAll
	static void stopSystem() {
		Closeables.closeAll(system, pages, infrastructure);
	}

	@Test
	void twoInstancesMakeOneJobPerDueRun() {
		String url = pages.html("/every-two-seconds", "<!doctype html><h1>Status</h1>");
		JsonNode schedule = create(system.client(0), "{\"name\":\"status page\",\"cron\":\"*/2 * * * * *\","
				+ "\"request\":{\"url\":\"" + url + "\",\"options\":{\"width\":320,\"height\":200}}}");
		String id = schedule.path("id").asString();
		assertThat(schedule.path("nextRunAt").asString()).isNotEmpty();

		Waits.await(Waits.MANY_JOBS).until(() -> runs(id).size() >= 4);
		system.client(1).post("/schedules/" + id + "/pause", "application/json", "");
		List<Map<String, Object>> runs = runs(id);
		assertThat(runs).allSatisfy((run) -> assertThat(run.get("job_id")).as("a job for every run").isNotNull());
		assertThat(runs.stream().map((run) -> run.get("due_at")).distinct().count()).isEqualTo(runs.size());
		assertThat(runs.stream().map((run) -> run.get("job_id")).distinct().count()).isEqualTo(runs.size());
		// every two seconds on the dot: no slot made twice, none between
		for (Map<String, Object> run : runs) {
			Instant due = ((java.sql.Timestamp) run.get("due_at")).toInstant();
			assertThat(due.getEpochSecond() % 2).isZero();
			assertThat(due.getNano()).isZero();
		}
		int jobs = jdbc.sql("SELECT count(*) FROM screenshot_jobs WHERE source_url = :url")
			.param("url", url)
			.query(Integer.class)
			.single();
		assertThat(jobs).isEqualTo(runs.size());
		JsonNode timeline = system.client(0).get("/schedules/" + id + "/runs").json();
		assertThat(timeline.path("items").size()).isEqualTo(runs.size());
		JsonNode paused = system.client(0).get("/schedules/" + id).json();
		assertThat(paused.path("paused").asBoolean()).isTrue();
		assertThat(paused.has("nextRunAt")).isFalse();
		int afterPause = runs(id).size();
		Waits.holdsFor(java.time.Duration.ofSeconds(3)).until(() -> runs(id).size() == afterPause);
	}

	@Test
	void aRunMissedWhileNoInstanceRanIsMadeOnceAndTheNextIsInTheFuture() {
		String url = pages.html("/hourly", "<!doctype html><h1>Hourly</h1>");
		JsonNode schedule = create(system.client(0), "{\"cron\":\"0 * * * *\",\"request\":{\"url\":\"" + url + "\"}}");
		String id = schedule.path("id").asString();
		// as if every instance had been down for five hours
		jdbc.sql("UPDATE schedules SET next_run_at = now() - interval '5 hours' WHERE id = :id")
			.param("id", UUID.fromString(id))
			.update();

		Waits.await(Waits.MOMENT).until(() -> runs(id).size() == 1);
		Waits.holdsFor(java.time.Duration.ofSeconds(2)).until(() -> runs(id).size() == 1);
		Instant next = Instant.parse(system.client(0).get("/schedules/" + id).json().path("nextRunAt").asString());
		assertThat(next).isAfter(Instant.now());
		assertThat(next.getEpochSecond() % 3600).as("on the hour").isZero();
	}

	@Test
	void runsComparedWithThePreviousRunShowEachChangeOnTheTimeline() {
		String url = pages.html("/monitored", page(100));
		JsonNode schedule = create(system.client(0),
				"{\"cron\":\"*/2 * * * * *\",\"timeZone\":\"Europe/Berlin\",\"request\":{\"url\":\"" + url
						+ "\",\"options\":{\"width\":640,\"height\":400}},\"compare\":{\"previous\":true},"
						+ "\"notify\":{\"url\":\"" + pages.url("/hook") + "\",\"onChange\":true}}");
		String id = schedule.path("id").asString();
		assertThat(schedule.path("compare").path("previous").asBoolean()).isTrue();
		assertThat(schedule.path("notify").path("onChange").asBoolean()).isTrue();

		Waits.await(Waits.MANY_JOBS).until(() -> completedRuns(id) >= 2);
		pages.html("/monitored", page(300));
		Waits.await(Waits.MANY_JOBS).until(() -> timeline(id).path("changes").asInt() >= 1);
		Waits.await(Waits.MANY_JOBS).until(() -> completedRunsAfterTheChange(id) >= 2);
		system.client(0).post("/schedules/" + id + "/pause", "application/json", "");

		JsonNode timeline = timeline(id);
		List<JsonNode> runs = timeline.path("items").valueStream().toList().reversed();
		List<String> statuses = runs.stream()
			.filter((run) -> run.path("status").asString().equals("completed"))
			.map((run) -> run.path("comparison").asString())
			.toList();
		assertThat(statuses.get(0)).as("the first run made the baseline").isEqualTo("no_baseline");
		assertThat(statuses).contains("same", "changed");
		assertThat(statuses.subList(statuses.lastIndexOf("changed") + 1, statuses.size()))
			.as("after the change, the changed page is what runs compare with")
			.hasSizeGreaterThanOrEqualTo(2)
			.allMatch("same"::equals);
		// one change; a run captured while the one before it was still being compared may
		// see it too
		assertThat(timeline.path("changes").asInt()).isBetween(1, 2);
		JsonNode change = runs.stream()
			.filter((run) -> "changed".equals(run.path("comparison").asString()))
			.findFirst()
			.orElseThrow();
		assertThat(change.path("mismatchPercent").asDouble()).isPositive();
		assertThat(change.path("links").path("image").asString()).endsWith("/image");
		assertThat(change.path("links").path("diff").asString()).endsWith("/artifacts/diff");
		JsonNode deliveries = system.client(0)
			.get("/screenshots/" + change.path("jobId").asString() + "/webhook-deliveries")
			.json();
		assertThat(deliveries.valueStream().map((delivery) -> delivery.path("event").asString()))
			.containsExactly("changed");
		assertThat(system.client(0).get("/baselines/schedule-" + id).status()).isEqualTo(200);
		assertThat(system.client(0).delete("/schedules/" + id).status()).isEqualTo(204);
		assertThat(system.client(0).get("/baselines/schedule-" + id).status()).as("its own baseline goes with it")
			.isEqualTo(404);
		assertThat(system.client(0).get("/schedules/" + id).status()).isEqualTo(404);
	}

	@Test
	void aScheduleWhoseRunFailsIsPutOffAndHoldsNoOtherUp() {
		JsonNode healthy = create(system.client(0), "{\"cron\":\"0 * * * *\",\"request\":{\"url\":\""
				+ pages.html("/healthy", "<!doctype html><h1>Fine</h1>") + "\"}}");
		UUID broken = UUID.randomUUID();
		UUID key = jdbc.sql("SELECT api_key_id FROM schedules WHERE id = :id")
			.param("id", UUID.fromString(healthy.path("id").asString()))
			.query(UUID.class)
			.single();
		// a request that no longer reads (as after a careless manual edit), due before
		// the
		// healthy one
		jdbc.sql("""
				INSERT INTO schedules (id, tenant, api_key_id, cron, time_zone, request, next_run_at, created_at,
				                       updated_at)
				SELECT :id, tenant, api_key_id, '0 * * * *', 'UTC', '[]', now() - interval '2 hours', now(), now()
				FROM schedules WHERE api_key_id = :key LIMIT 1
				""").param("id", broken).param("key", key).update();
		jdbc.sql("UPDATE schedules SET next_run_at = now() - interval '1 hour' WHERE id = :id")
			.param("id", UUID.fromString(healthy.path("id").asString()))
			.update();

		Waits.await(Waits.MOMENT).until(() -> runs(healthy.path("id").asString()).size() == 1);
		assertThat(runs(broken.toString())).isEmpty();
		Instant next = jdbc.sql("SELECT next_run_at FROM schedules WHERE id = :id")
			.param("id", broken)
			.query(java.sql.Timestamp.class)
			.single()
			.toInstant();
		assertThat(next).as("put off by a minute, not left due").isAfter(Instant.now().plusSeconds(30));
	}

	@Test
	void badSchedulesAreRefusedNamingTheFieldAndOthersAreNotFound() {
		ApiClient client = system.client(0);
		assertThat(field(client.post("/schedules", "application/json",
				"{\"cron\":\"every minute\",\"request\":{\"url\":\"https://example.com\"}}")))
			.isEqualTo("cron");
		assertThat(field(client.post("/schedules", "application/json",
				"{\"cron\":\"0 * * * *\",\"timeZone\":\"Mars/Olympus\",\"request\":{\"url\":\"https://example.com\"}}")))
			.isEqualTo("timeZone");
		assertThat(field(client.post("/schedules", "application/json",
				"{\"cron\":\"* * * * * *\",\"request\":{\"url\":\"https://example.com\"}}")))
			.as("more often than api.schedules.min-interval (2s here)")
			.isEqualTo("cron");
		assertThat(field(client.post("/schedules", "application/json", "{\"cron\":\"0 * * * *\"}")))
			.isEqualTo("request");
		assertThat(field(client.post("/schedules", "application/json",
				"{\"cron\":\"0 * * * *\",\"request\":{\"url\":\"ftp://example.com\"}}")))
			.isEqualTo("request.url");
		assertThat(field(client.post("/schedules", "application/json",
				"{\"cron\":\"0 * * * *\",\"request\":{\"url\":\"https://example.com\"},\"compare\":{}}")))
			.isEqualTo("compare.targetGiven");
		assertThat(field(client.post("/schedules", "application/json",
				"{\"cron\":\"0 * * * *\",\"request\":{\"url\":\"https://example.com\",\"options\":{\"format\":\"pdf\"}},"
						+ "\"compare\":{\"previous\":true}}")))
			.as("a comparison of a PDF")
			.isEqualTo("compareOfAnImage");
		assertThat(client.get("/schedules/" + UUID.randomUUID()).status()).isEqualTo(404);
		assertThat(client.get("/schedules/not-an-id").status()).isEqualTo(404);
	}

	private static String field(ApiClient.Response answer) {
		assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
		return answer.json().path("errors").get(0).path("field").asString();
	}

	private static JsonNode create(ApiClient client, String body) {
		ApiClient.Response created = client.post("/schedules", "application/json", body);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json();
	}

	private static List<Map<String, Object>> runs(String id) {
		return jdbc.sql("SELECT * FROM schedule_runs WHERE schedule_id = :id ORDER BY due_at")
			.param("id", UUID.fromString(id))
			.query()
			.listOfRows();
	}

	private static JsonNode timeline(String id) {
		return system.client(0).get("/schedules/" + id + "/runs?limit=500").json();
	}

	private static long completedRuns(String id) {
		return timeline(id).path("items").valueStream().filter((run) -> run.has("comparison")).count();
	}

	private static long completedRunsAfterTheChange(String id) {
		List<JsonNode> runs = timeline(id).path("items").valueStream().toList().reversed();
		int change = -1;
		for (int i = 0; i < runs.size(); i++) {
			if ("changed".equals(runs.get(i).path("comparison").asString())) {
				change = i;
			}
		}
		return (change < 0) ? 0
				: runs.subList(change + 1, runs.size()).stream().filter((run) -> run.has("comparison")).count();
	}

	private static String page(int left) {
		return "<!doctype html><html><body style='margin:0;background:white'><div style='position:absolute;top:50px;"
				+ "left:" + left + "px;width:80px;height:80px;background:rgb(20,90,200)'></div></body></html>";
	}

}
