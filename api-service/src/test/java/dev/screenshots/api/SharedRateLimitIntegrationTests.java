package dev.screenshots.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.screenshots.testsupport.ApiClient;
import dev.screenshots.testsupport.Closeables;
import dev.screenshots.testsupport.SystemUnderTest;
import dev.screenshots.testsupport.TestInfrastructure;
import dev.screenshots.testsupport.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two api-service processes share one database, and so one rate limit per key: a key's
 * burst is spent across both instances, not once per instance.
 */
class SharedRateLimitIntegrationTests {

	static TestInfrastructure infrastructure;

	static SystemUnderTest system;

	@BeforeAll
	static void startTwoApis() {
		infrastructure = TestInfrastructure.create();
		// keys are cached far longer than the tests run, so only the revocation
		// notification can make another instance forget one
		Map<String, String> longCache = Map.of("api.keys.cache-ttl", "10m");
		system = new SystemUnderTest("ratelimit", infrastructure).startApi(longCache).startApi(longCache);
	}

	@AfterAll
	static void stop() {
		Closeables.closeAll(system, infrastructure);
	}

	@Test
	void aKeysRateLimitIsSharedByEveryInstance() {
		String key = system.client().createKey("shared", "client", "\"submitsPerMinute\":6");
		List<Integer> statuses = new ArrayList<>();
		long started = System.nanoTime();
		for (int i = 0; i < 10; i++) {
			ApiClient instance = system.client(i % 2).withKey(key);
			statuses.add(instance.submit("{\"url\":\"https://example.com/\"}").status());
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
		assertThat(statuses.subList(0, 6)).as("the burst, alternating instances").containsOnly(202);
		// 6 a minute is one more submit every 10 s: none while the ten submits take less
		// than that, as they do on an ordinary machine, but a slow one may take longer
		long refills = elapsed.toSeconds() / 10;
		assertThat(statuses.subList(6, 10))
			.as("over the shared limit on both instances: refused, or accepted as it refills")
			.allMatch((status) -> status == 429 || status == 202);
		assertThat(statuses.subList(6, 10).stream().filter((status) -> status == 202).count())
			.as("submits accepted over the shared limit of 6 in %s (one more is allowed every 10 s)", elapsed)
			.isLessThanOrEqualTo(refills);
	}

	/**
	 * A key fast enough that each instance consumes from its own copy of the bucket
	 * between writes (1,200 a minute: 2 submits, 100 ms of its rate, per instance; see
	 * SubmitLimits): the two instances together still give it no more than its burst and
	 * the refill, plus at most those 2 per instance.
	 */
	@Test
	void aBusyKeysRateIsSharedWithinTheStatedBound() throws Exception {
		String key = system.client().createKey("busy-shared", "client", "\"submitsPerMinute\":1200");
		int burst = 60;
		int unsynchronisedPerInstance = 2;
		List<java.util.concurrent.Future<Integer>> statuses = new ArrayList<>();
		long started = System.nanoTime();
		try (var clients = java.util.concurrent.Executors.newFixedThreadPool(8)) {
			for (int i = 0; i < 240; i++) {
				ApiClient instance = system.client(i % 2).withKey(key);
				statuses.add(clients.submit(() -> instance.submit("{\"url\":\"https://example.com/\"}").status()));
			}
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
		long accepted = 0;
		for (var status : statuses) {
			assertThat(status.get()).isIn(202, 429);
			accepted += (status.get() == 202) ? 1 : 0;
		}
		// 1,200 a minute is 20 a second, refilled one at a time
		long refill = elapsed.toMillis() * 20 / 1000 + 1;
		assertThat(accepted).as("submits accepted in %s", elapsed)
			.isGreaterThanOrEqualTo(burst)
			.isLessThanOrEqualTo(burst + refill + 2L * unsynchronisedPerInstance);
	}

	/**
	 * A new key's first submits, all at once on both instances: each instance makes the
	 * key's bucket before any of them consumes from it (Bucket4j fails concurrent first
	 * uses batched together, which answered 500 before).
	 */
	@Test
	void aNewKeysFirstSubmitsAllAtOnceAreAllAccepted() throws Exception {
		String key = system.client().createKey("sudden", "client", "\"submitsPerMinute\":1000000");
		java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
		List<java.util.concurrent.Future<Integer>> statuses = new ArrayList<>();
		try (var clients = java.util.concurrent.Executors.newFixedThreadPool(32)) {
			for (int i = 0; i < 32; i++) {
				ApiClient instance = system.client(i % 2).withKey(key);
				statuses.add(clients.submit(() -> {
					start.await();
					return instance.submit("{\"url\":\"https://example.com/\"}").status();
				}));
			}
			start.countDown();
		}
		for (var status : statuses) {
			assertThat(status.get()).isEqualTo(202);
		}
	}

	@Test
	void aKeyRevokedThroughOneInstanceStopsWorkingOnTheOtherAtOnce() {
		JsonNode created = system.client()
			.post("/admin/api-keys", "application/json",
					"{\"name\":\"doomed\",\"tenant\":\"revoked\",\"role\":\"client\"}")
			.json();
		String key = created.path("key").asString();
		String id = created.path("id").asString();
		ApiClient other = system.client(1).withKey(key);
		assertThat(other.get("/screenshots").status()).as("verified and cached by instance 1").isEqualTo(200);

		assertThat(system.client(0).delete("/admin/api-keys/" + id).status()).isEqualTo(200);

		// at once: through the revocation notification, not after the 10 min cache
		Waits.await(Waits.MOMENT).until(() -> other.get("/screenshots").status() == 401);
		assertThat(system.client(0).withKey(key).get("/screenshots").status()).isEqualTo(401);
	}

	@Test
	void anotherKeysLimitIsIndependent() {
		String busy = system.client().createKey("busy", "client", "\"submitsPerMinute\":1");
		String calm = system.client(1).createKey("calm", "client", "\"submitsPerMinute\":1");
		assertThat(system.client(0).withKey(busy).submit("{\"url\":\"https://example.com/\"}").status()).isEqualTo(202);
		assertThat(system.client(1).withKey(busy).submit("{\"url\":\"https://example.com/\"}").status()).isEqualTo(429);
		assertThat(system.client(1).withKey(calm).submit("{\"url\":\"https://example.com/\"}").status()).isEqualTo(202);
	}

}
