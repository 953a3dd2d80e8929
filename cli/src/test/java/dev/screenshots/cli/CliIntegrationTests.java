package dev.screenshots.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.screenshots.testsupport.ApiClient;
import dev.screenshots.testsupport.Closeables;
import dev.screenshots.testsupport.Ports;
import dev.screenshots.testsupport.ProjectFiles;
import dev.screenshots.testsupport.SystemUnderTest;
import dev.screenshots.testsupport.TestInfrastructure;
import dev.screenshots.testsupport.TestPages;
import dev.screenshots.testsupport.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code screenshot} command as a CI job runs it: its jar as a process against
 * api-service and a capture-worker started from their jars.
 */
class CliIntegrationTests {

	static final String KEY = ApiClient.TEST_ADMIN_KEY;

	static TestInfrastructure infrastructure;

	static TestPages pages;

	static SystemUnderTest system;

	static String apiUrl;

	@BeforeAll
	static void startSystem() {
		infrastructure = TestInfrastructure.create();
		pages = TestPages.start();
		system = new SystemUnderTest("cli", infrastructure).startApi(Map.of()).startWorker(Map.of());
		apiUrl = "http://127.0.0.1:" + system.apiPort(0);
	}

	@AfterAll
	static void stopSystem() {
		Closeables.closeAll(system, pages, infrastructure);
	}

	@Test
	void capturesEveryUrlDownloadsTheImagesAndExitsZero(@TempDir Path directory) throws Exception {
		Path out = directory.resolve("shots");
		String first = pages.html("/first", TestPages.solidColour("rgb(200, 10, 10)"));
		String second = pages.html("/second/page", TestPages.solidColour("rgb(10, 200, 10)"));

		Run run = screenshot(Map.of("SCREENSHOTS_API_URL", apiUrl, "SCREENSHOTS_API_KEY", KEY), "--wait", "--out",
				out.toString(), "--width", "640", "--height", "480", first, second);

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.output()).contains("COMPLETED  " + first, "COMPLETED  " + second, "2 of 2 completed");
		try (Stream<Path> files = Files.list(out)) {
			List<Path> images = files.sorted().toList();
			assertThat(images).extracting((file) -> file.getFileName().toString())
				.containsExactly("01-127.0.0.1-first.png", "02-127.0.0.1-second-page.png");
			for (Path image : images) {
				assertThat(Files.readAllBytes(image)).startsWith(0x89, 'P', 'N', 'G');
			}
		}
	}

	@Test
	void aFailedOrRefusedJobMakesTheExitStatusOne(@TempDir Path directory) throws Exception {
		String page = pages.html("/no-such-element", "<p>nothing to select</p>");

		Run run = screenshot(Map.of(), "--api", apiUrl, "--key", KEY, "--wait", "--out", directory.toString(),
				"--option", "selector=\"#missing\"", "--option", "timeoutMs=" + Waits.pageTimeoutMillis(2000), page,
				"ftp://not-http.example");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
		assertThat(run.output()).contains("FAILED     " + page)
			.contains("ELEMENT_NOT_FOUND")
			.contains("FAILED     ftp://not-http.example  rejected (HTTP 400)")
			.contains("0 of 2 completed");
	}

	@Test
	void batchSubmitsEveryLineOfAFileFollowsThemAndDownloadsWhatCompleted(@TempDir Path directory) throws Exception {
		List<String> lines = new ArrayList<>(List.of("# twenty pages, a JSON request and a bad one", ""));
		for (int i = 1; i <= 20; i++) {
			lines.add(pages.html("/batch/" + i, TestPages.solidColour("rgb(" + (i * 10) + ", 0, 0)")));
		}
		lines.add("{\"html\": \"<h1>inline</h1>\", \"options\": {\"width\": 200, \"height\": 100}}");
		lines.add("ftp://not-http.example");
		Path file = Files.write(directory.resolve("urls.txt"), lines);
		Path out = directory.resolve("shots");

		Run run = screenshot(Map.of("SCREENSHOTS_API_URL", apiUrl, "SCREENSHOTS_API_KEY", KEY), "batch", "--out",
				out.toString(), "--width", "320", "--height", "200", file.toString());

		assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
		assertThat(run.output()).contains("COMPLETED  " + lines.get(2), "COMPLETED  " + lines.get(21),
				"COMPLETED  html-line-23", "FAILED     ftp://not-http.example  rejected (HTTP 400)",
				"21 of 22 completed", "[##############################] 21/21 finished");
		try (Stream<Path> files = Files.list(out)) {
			List<Path> images = files.sorted().toList();
			assertThat(images).hasSize(21);
			assertThat(images.get(0).getFileName().toString()).isEqualTo("01-127.0.0.1-batch-1.png");
			for (Path image : images) {
				assertThat(Files.readAllBytes(image)).startsWith(0x89, 'P', 'N', 'G');
			}
		}
		for (int i = 1; i <= 20; i++) {
			assertThat(pages.hits("/batch/" + i)).isEqualTo(1);
		}
		Path good = Files.write(directory.resolve("good.txt"), lines.subList(2, 4));
		Run allGood = screenshot(Map.of("SCREENSHOTS_API_URL", apiUrl, "SCREENSHOTS_API_KEY", KEY), "batch",
				good.toString());
		assertThat(allGood.exitCode()).as(allGood.output()).isZero();
		assertThat(allGood.output()).contains("2 of 2 completed");
	}

	@Test
	void compareCreatesChecksAndApprovesBaselinesAndFailsOnAChange(@TempDir Path directory) throws Exception {
		Map<String, String> env = Map.of("SCREENSHOTS_API_URL", apiUrl, "SCREENSHOTS_API_KEY", KEY);
		String url = pages.html("/compared", box(100));
		Path diffs = directory.resolve("diffs");

		Run missing = screenshot(env, "compare", "--baseline", "cli-home", "--out", diffs.toString(), url);
		assertThat(missing.exitCode()).as(missing.output()).isEqualTo(1);
		assertThat(missing.output()).contains("NO_BASELINE", "use --create");

		Run created = screenshot(env, "compare", "--baseline", "cli-home", "--create", "--out", diffs.toString(), url);
		assertThat(created.exitCode()).as(created.output()).isZero();
		assertThat(created.output()).contains("CREATED", "1 of 1 unchanged or accepted");

		Run same = screenshot(env, "compare", "--baseline", "cli-home", "--out", diffs.toString(), url);
		assertThat(same.exitCode()).as(same.output()).isZero();
		assertThat(same.output()).contains("SAME", "0.0000%");

		pages.html("/compared", box(400));
		Run changed = screenshot(env, "compare", "--baseline", "cli-home", "--out", diffs.toString(), url);
		assertThat(changed.exitCode()).as(changed.output()).isEqualTo(1);
		assertThat(changed.output()).contains("STATUS", "MISMATCH", "CHANGED", "0 of 1 unchanged or accepted");
		Path diff = diffs.resolve("01-127.0.0.1-compared-diff.png");
		java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(diff.toFile());
		assertThat(image.getRGB(150, 150) & 0xFFFFFF).as("the box's old place, red").isEqualTo(0xFF0000);
		assertThat(image.getRGB(450, 150) & 0xFFFFFF).as("its new place, red").isEqualTo(0xFF0000);

		Run tolerated = screenshot(env, "compare", "--baseline", "cli-home", "--max-mismatch", "5", "--out",
				diffs.toString(), url);
		assertThat(tolerated.exitCode()).as(tolerated.output()).isZero();

		Run approved = screenshot(env, "compare", "--baseline", "cli-home", "--approve", "--out", diffs.toString(),
				url);
		assertThat(approved.exitCode()).as(approved.output()).isZero();
		assertThat(approved.output()).contains("APPROVED", "now version 2");
		Run afterwards = screenshot(env, "compare", "--baseline", "cli-home", "--out", diffs.toString(), url);
		assertThat(afterwards.output()).as(afterwards.output()).contains("SAME");
	}

	private static String box(int left) {
		return "<!doctype html><html><body style='margin:0;background:white'><div style='position:absolute;top:100px;"
				+ "left:" + left + "px;width:100px;height:100px;background:black'></div></body></html>";
	}

	@Test
	void usageAndConnectionErrorsExitTwo() throws Exception {
		assertThat(screenshot(Map.of(), "https://example.com").exitCode()).as("no key").isEqualTo(2);
		Run unreachable = screenshot(Map.of(), "--api", "http://127.0.0.1:" + Ports.freePort(), "--key", KEY,
				"https://example.com");
		assertThat(unreachable.exitCode()).isEqualTo(2);
		assertThat(unreachable.output()).contains("cannot reach");
	}

	private static Run screenshot(Map<String, String> environment, String... args)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
						ProjectFiles.jar("cli.jar").toString()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().remove("SCREENSHOTS_API_URL");
		builder.environment().remove("SCREENSHOTS_API_KEY");
		builder.environment().putAll(environment);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(Waits.scaled(Waits.MANY_JOBS).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		return new Run(process.exitValue(), output);
	}

	private record Run(int exitCode, String output) {
	}

}
