package dev.screenshots.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import dev.screenshots.testsupport.ProjectFiles;
import dev.screenshots.testsupport.Promtool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules and scrape configurations under {@code docs/ops/prometheus/} are valid
 * and every alert is unit-tested, by Prometheus's own {@code promtool}.
 */
class AlertRulesIntegrationTests {

	static final Path RULES = ProjectFiles.root().resolve("docs/ops/prometheus");

	@Test
	void rulesAreValid() {
		Promtool.Result result = Promtool.run(RULES, "check", "rules", "alerts.yml");

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS: " + alertNames().size() + " rules found");
	}

	@Test
	void ruleUnitTestsPass() {
		Promtool.Result result = Promtool.run(RULES, "test", "rules", "alerts-test.yml");

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS");
	}

	@Test
	void everyAlertHasATestWhereItFiresAndOneWhereItStaysSilent() throws IOException {
		String tests = Files.readString(RULES.resolve("alerts-test.yml"));
		Pattern evaluation = Pattern.compile("alertname: (\\w+)\\n\\s+exp_alerts:( \\[\\])?");
		Matcher matcher = evaluation.matcher(tests);
		Map<String, Set<Boolean>> outcomes = new java.util.HashMap<>();
		while (matcher.find()) {
			outcomes.computeIfAbsent(matcher.group(1), (name) -> new java.util.HashSet<>())
				.add(matcher.group(2) == null);
		}
		for (String alert : alertNames()) {
			assertThat(outcomes.get(alert)).as("tests of %s (true: fires, false: silent)", alert)
				.containsExactlyInAnyOrder(true, false);
		}
	}

	@Test
	void scrapeConfigurationsAreValid(@org.junit.jupiter.api.io.TempDir Path directory) throws IOException {
		Promtool.Result local = Promtool.run(RULES, "check", "config", "prometheus-local.yml");
		assertThat(local.exitCode()).as(local.output()).isZero();

		// the compose file mounts the rules at /etc/prometheus/alerts.yml
		Path compose = directory.resolve("prometheus-compose.yml");
		Files.writeString(compose, Files.readString(RULES.resolve("prometheus-compose.yml"))
			.replace("/etc/prometheus/alerts.yml", RULES.resolve("alerts.yml").toString()));
		Promtool.Result composed = Promtool.run(directory, "check", "config", compose.toString());
		assertThat(composed.exitCode()).as(composed.output()).isZero();
	}

	@SuppressWarnings("unchecked")
	static List<String> alertNames() {
		try {
			Map<String, Object> rules = new Yaml().load(Files.readString(RULES.resolve("alerts.yml")));
			List<Map<String, Object>> groups = (List<Map<String, Object>>) rules.get("groups");
			return groups.stream()
				.flatMap((group) -> ((List<Map<String, Object>>) group.get("rules")).stream())
				.map((rule) -> (String) rule.get("alert"))
				.collect(Collectors.toList());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
