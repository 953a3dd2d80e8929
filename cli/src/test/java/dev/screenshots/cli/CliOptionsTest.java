package dev.screenshots.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CliOptionsTest {

	static final Map<String, String> ENV = Map.of("SCREENSHOTS_API_URL", "http://api.test:8080", "SCREENSHOTS_API_KEY",
			"ssk_fromEnvironment");

	@Test
	void readsFlagsOptionsAndUrlsWithTheEnvironmentAsDefaults() {
		CliOptions options = CliOptions.parse(new String[] { "--wait", "--out", "shots", "--format", "webp",
				"--full-page", "--width", "800", "--priority", "low", "--option", "delayMs=500", "--option",
				"colorScheme=dark", "--option", "hideSelectors=[\"#ad\"]", "https://a.example", "https://b.example" },
				ENV);

		assertThat(options.api()).isEqualTo("http://api.test:8080");
		assertThat(options.key()).isEqualTo("ssk_fromEnvironment");
		assertThat(options.waitForResult()).isTrue();
		assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(300));
		assertThat(options.out()).isEqualTo(Path.of("shots"));
		assertThat(options.priority()).isEqualTo("low");
		assertThat(options.captureOptions()).containsEntry("format", "webp")
			.containsEntry("fullPage", true)
			.containsEntry("width", 800)
			.containsEntry("delayMs", 500)
			.containsEntry("colorScheme", "dark")
			.containsEntry("hideSelectors", List.of("#ad"));
		assertThat(options.urls()).containsExactly("https://a.example", "https://b.example");
	}

	@Test
	void compareReadsItsFlagsImpliesWaitAndHasADiffDirectory() {
		CliOptions options = CliOptions.parse(new String[] { "compare", "--baseline", "home", "--threshold", "0.2",
				"--max-mismatch", "0.5", "--ignore", "#clock", "--ignore", ".ad", "--create", "https://a.example" },
				ENV);

		assertThat(options.compare())
			.isEqualTo(new CliOptions.Comparing("home", 0.2, 0.5, List.of("#clock", ".ad"), true, false));
		assertThat(options.waitForResult()).isTrue();
		assertThat(options.out()).isEqualTo(Path.of("screenshot-diffs"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CliOptions.parse(new String[] { "compare", "https://a.example" }, ENV))
			.withMessageContaining("--baseline");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CliOptions
				.parse(new String[] { "compare", "--baseline", "b", "--threshold", "2", "https://a.example" }, ENV))
			.withMessageContaining("--threshold must be a number from 0 to 1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CliOptions.parse(new String[] { "--baseline", "b", "https://a.example" }, ENV))
			.withMessageContaining("belongs to screenshot compare");
	}

	@Test
	void flagsWinOverTheEnvironment() {
		CliOptions options = CliOptions.parse(
				new String[] { "--api", "http://other:1", "--key", "ssk_flag", "--timeout", "30", "https://a.example" },
				ENV);

		assertThat(options.api()).isEqualTo("http://other:1");
		assertThat(options.key()).isEqualTo("ssk_flag");
		assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void mistakesAreExplained() {
		assertThatIllegalArgumentException().isThrownBy(() -> CliOptions.parse(new String[] {}, ENV))
			.withMessageContaining("at least one URL");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CliOptions.parse(new String[] { "https://a.example" }, Map.of()))
			.withMessageContaining("SCREENSHOTS_API_KEY");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CliOptions.parse(new String[] { "--out", "x", "https://a.example" }, ENV))
			.withMessageContaining("--out needs --wait");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CliOptions.parse(new String[] { "--width", "wide", "https://a.example" }, ENV))
			.withMessageContaining("--width must be a positive whole number");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CliOptions.parse(new String[] { "--colour", "https://a.example" }, ENV))
			.withMessageContaining("unknown option --colour");
		assertThatIllegalArgumentException().isThrownBy(() -> CliOptions.parse(new String[] { "--timeout" }, ENV))
			.withMessageContaining("--timeout needs a value");
	}

	@Test
	void fileNamesComeFromHostAndPath() {
		assertThat(FileNames.of("https://Example.com/docs/Page?q=1")).isEqualTo("example.com-docs-page");
		assertThat(FileNames.of("https://example.com/")).isEqualTo("example.com");
		assertThat(FileNames.of("::")).isEqualTo("page");
	}

}
