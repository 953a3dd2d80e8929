package dev.screenshots.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.screenshots.testsupport.ApiClient;
import dev.screenshots.testsupport.Closeables;
import dev.screenshots.testsupport.SystemUnderTest;
import dev.screenshots.testsupport.TestInfrastructure;

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
		system = new SystemUnderTest("ratelimit", infrastructure).startApi(Map.of()).startApi(Map.of());
	}

	@AfterAll
	static void stop() {
		Closeables.closeAll(system, infrastructure);
	}

	@Test
	void aKeysRateLimitIsSharedByEveryInstance() {
		String key = system.client().createKey("shared", "client", "\"submitsPerMinute\":6");
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			ApiClient instance = system.client(i % 2).withKey(key);
			statuses.add(instance.submit("{\"url\":\"https://example.com/\"}").status());
		}
		assertThat(statuses.subList(0, 6)).as("the burst, alternating instances").containsOnly(202);
		assertThat(statuses.subList(6, 10)).as("over the shared limit on both instances").containsOnly(429);
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
