package dev.screenshots.cli;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CompareCommandTest {

	@Test
	void theTableHasOneAlignedLinePerPage() {
		String table = CompareCommand.table(List.of(
				new CompareCommand.Row("SAME", "https://a.example/", "home-a", 0.0, 0, Path.of("d/01-a-diff.png"), "",
						true),
				new CompareCommand.Row("CHANGED", "https://b.example/x", "home-b", 2.1701, 20000,
						Path.of("d/02-b-diff.png"), "", false),
				new CompareCommand.Row("NO_BASELINE", "https://c.example/", "home-c", null, null, null,
						"use --create to make it", false)));

		List<String> lines = table.lines().toList();
		assertThat(lines).hasSize(4);
		assertThat(lines.get(0)).startsWith("STATUS").contains("MISMATCH", "DIFF PIXELS", "BASELINE", "URL");
		assertThat(lines.get(2)).startsWith("CHANGED")
			.contains("2.1701%", "20000", "home-b", "https://b.example/x", "diff: d/02-b-diff.png");
		assertThat(lines.get(3)).contains("NO_BASELINE", " - ", "(use --create to make it)");
		assertThat(lines.get(1).indexOf("home-a")).isEqualTo(lines.get(2).indexOf("home-b"));
	}

	@Test
	void severalUrlsGetABaselineEachNamedAfterTheirPage() {
		CliOptions options = CliOptions.parse(new String[] { "compare", "--baseline", "site", "--key", "k",
				"https://a.example/pricing", "https://a.example/" }, java.util.Map.of());
		CompareCommand command = new CompareCommand(null, options, System.out);

		assertThat(command.baseline("https://a.example/pricing")).isEqualTo("site-a.example-pricing");
		assertThat(command.baseline("https://a.example/")).isEqualTo("site-a.example");

		CliOptions queries = CliOptions.parse(new String[] { "compare", "--baseline", "site", "--key", "k",
				"https://a.example/list?page=1", "https://a.example/list?page=2" }, java.util.Map.of());
		CompareCommand both = new CompareCommand(null, queries, System.out);
		assertThat(both.baseline("https://a.example/list?page=1")).startsWith("site-a.example-list-")
			.isNotEqualTo(both.baseline("https://a.example/list?page=2"))
			.matches("[A-Za-z0-9][A-Za-z0-9._~-]{0,199}");
	}

}
