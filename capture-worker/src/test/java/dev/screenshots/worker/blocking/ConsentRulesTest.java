package dev.screenshots.worker.blocking;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * autoconsent's compact rules cut per frame, on the rules the build brings.
 */
class ConsentRulesTest {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static ConsentRules rules;

	@BeforeAll
	static void load() throws IOException {
		try (InputStream in = ConsentRulesTest.class.getClassLoader()
			.getResourceAsStream("blocking/autoconsent/compact-rules.json")) {
			rules = ConsentRules.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
	}

	private static JsonNode compact(String url, boolean mainFrame) {
		return JSON.readTree(rules.forFrame(url, mainFrame)).path("compact");
	}

	private static boolean names(JsonNode compact, String name) {
		for (JsonNode rule : compact.path("r")) {
			if (name.equals(rule.path(1).asString())) {
				return true;
			}
		}
		return false;
	}

	@Test
	void aTopFrameGetsTheGenericRulesAndOnlyTheSiteRulesOfItsSite() {
		JsonNode elsewhere = compact("https://www.example.com/", true);
		JsonNode abc = compact("https://www.abc.net.au/news", true);
		assertThat(elsewhere.path("r").size()).isPositive();
		assertThat(names(elsewhere, "abc")).isFalse();
		assertThat(names(abc, "abc")).isTrue();
		assertThat(abc.path("r").size()).isEqualTo(elsewhere.path("r").size() + 1);
		assertThat(abc.path("s").size()).isGreaterThan(elsewhere.path("s").size());
	}

	@Test
	void aSubFrameGetsNoTopFrameOnlyRules() {
		JsonNode frame = compact("https://www.abc.net.au/news", false);
		assertThat(names(frame, "abc")).as("a top-frame rule").isFalse();
		assertThat(rules.forFrame("https://cmp.example/frame", false).length())
			.isLessThan(rules.forFrame("https://www.example.com/", true).length());
	}

}
