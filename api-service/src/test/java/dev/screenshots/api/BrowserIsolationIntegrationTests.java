package dev.screenshots.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.screenshots.testsupport.ApiClient;
import dev.screenshots.testsupport.BrowserHost;
import dev.screenshots.testsupport.Closeables;
import dev.screenshots.testsupport.S3Server;
import dev.screenshots.testsupport.SystemUnderTest;
import dev.screenshots.testsupport.TestInfrastructure;
import dev.screenshots.testsupport.TestPages;
import dev.screenshots.testsupport.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser of a running worker holds nothing worth stealing (docs/security.md, "The
 * browser"). Read from {@code /proc} while the worker (a real process, its settings with
 * their credentials in its environment) has captured a page and keeps its browser up:
 * every Chromium process runs sandboxed, as another user than the worker, its renderers
 * in their own user and PID namespaces under a seccomp filter, with none of the worker's
 * variables; and that user cannot read the worker's environment.
 */
class BrowserIsolationIntegrationTests {

	/**
	 * What the browser host hands Chromium of an environment (scripts/browser-host.sh).
	 */
	static final Set<String> BROWSER_VARIABLES = Set.of("HOME", "TMPDIR", "PATH", "LANG", "XDG_CONFIG_HOME",
			"XDG_CACHE_HOME");

	static TestInfrastructure infrastructure;

	static TestPages pages;

	static SystemUnderTest system;

	@BeforeAll
	static void start() {
		infrastructure = TestInfrastructure.create();
		pages = TestPages.start();
		system = new SystemUnderTest("isolation", infrastructure).startApi(Map.of()).startWorker(Map.of());
	}

	@AfterAll
	static void stop() {
		Closeables.closeAll(system, pages, infrastructure);
	}

	@Test
	void everyBrowserProcessIsSandboxedRunsAsAnotherUserAndHoldsNoneOfTheWorkersEnvironment() throws Exception {
		String url = pages.html("/isolated", TestPages.solidColour("rgb(10, 120, 60)"));
		ApiClient client = system.client();
		String id = client.submit("{\"url\":\"" + url + "\"}").json().path("id").asString();
		JsonNode job = client.awaitTerminal(id);
		assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("completed");

		long worker = system.worker().pid();
		Map<String, String> workerEnvironment = environment(worker);
		assertThat(workerEnvironment).as("the worker's settings, with the credentials, are in its environment")
			.containsKey("SPRING_APPLICATION_JSON");
		String workerUser = status(worker).get("Uid").split("\\s+")[0];
		String workerUserNamespace = namespace(worker, "user");

		// idle, the slot keeps its browser and a spare page: there are renderers to read
		Waits.await(Waits.MOMENT).until(() -> browserProcesses().stream().anyMatch(BrowserProcess::isRenderer));
		List<BrowserProcess> browser = browserProcesses();
		assertThat(ProcessHandle.of(worker).orElseThrow().descendants().map(BrowserIsolationIntegrationTests::command))
			.as("the worker launches no browser itself")
			.noneMatch((command) -> command.contains("chrom"));

		for (BrowserProcess process : browser) {
			assertThat(process.commandLine()).as("%s", process).doesNotContain("--no-sandbox");
			assertThat(process.user()).as("the user of %s", process).isNotEqualTo(workerUser);
			assertThat(process.rawEnvironment()).as("the environment of %s", process)
				.doesNotContain("SPRING_", "STORAGE_", S3Server.SECRET_KEY);
			if (process.environment() != null) {
				assertThat(process.environment().keySet()).as("the environment of %s", process)
					.isSubsetOf(BROWSER_VARIABLES);
			}
		}
		assertThat(browser).as("Chromium processes whose environment could be read")
			.anyMatch((process) -> process.environment() != null && process.environment().containsKey("HOME"));
		assertThat(variables(rawEnvironment(BrowserHost.get().server().pid())).keySet())
			.as("the environment of the browser host's server (its own endpoint token besides what Chromium gets)")
			.isSubsetOf(Set.of("HOME", "TMPDIR", "PATH", "LANG", "XDG_CONFIG_HOME", "XDG_CACHE_HOME",
					"BROWSER_HOST_TOKEN"));
		List<BrowserProcess> renderers = browser.stream().filter(BrowserProcess::isRenderer).toList();
		assertThat(renderers).isNotEmpty().allSatisfy((renderer) -> {
			assertThat(renderer.userNamespace()).as("the user namespace of %s", renderer)
				.isNotEqualTo(workerUserNamespace);
			assertThat(renderer.pidNamespace()).as("the PID namespace of %s", renderer)
				.isNotEqualTo(namespace(worker, "pid"));
			// 2: a seccomp-bpf filter, 0 none (under a container's seccomp profile every
			// process has one; this bites where there is none, as on CI's machines)
			assertThat(renderer.seccomp()).as("the seccomp mode of %s", renderer).isEqualTo("2");
		});

		// the browser's user cannot read the worker's environment or look into its files
		long browserProcess = browser.get(0).pid();
		String browserUser = browser.get(0).user();
		String browserGroup = status(browserProcess).get("Gid").split("\\s+")[0];
		assertThat(runAs(browserUser, browserGroup, "cat", "/proc/" + worker + "/environ"))
			.as("reading the worker's environ")
			.isNotZero();
		assertThat(runAs(browserUser, browserGroup, "ls", "/proc/" + worker + "/cwd/"))
			.as("listing the worker's directory")
			.isNotZero();
		// the check itself works: the same command as the worker's user succeeds
		assertThat(runAs(workerUser, status(worker).get("Gid").split("\\s+")[0], "cat", "/proc/" + worker + "/environ"))
			.isZero();
	}

	/** The Chromium processes under the browser host the worker connects to. */
	private static List<BrowserProcess> browserProcesses() {
		List<BrowserProcess> processes = new ArrayList<>();
		BrowserHost.get().process().descendants().forEach((handle) -> {
			try {
				String commandLine = Files.readString(Path.of("/proc", String.valueOf(handle.pid()), "cmdline"))
					.replace('\0', ' ');
				if (commandLine.contains("chrom")) {
					String raw = rawEnvironment(handle.pid());
					Map<String, String> status = status(handle.pid());
					processes.add(new BrowserProcess(handle.pid(), commandLine, status.get("Uid").split("\\s+")[0], raw,
							variables(raw), namespace(handle.pid(), "user"), namespace(handle.pid(), "pid"),
							status.getOrDefault("Seccomp", "absent")));
				}
			}
			catch (IOException | UncheckedIOException ex) {
				// the process ended while being read
			}
		});
		return processes;
	}

	private static String command(ProcessHandle handle) {
		return handle.info().commandLine().orElse("");
	}

	private static Map<String, String> environment(long pid) {
		return variables(rawEnvironment(pid));
	}

	private static String rawEnvironment(long pid) {
		try {
			return Files.readString(Path.of("/proc", String.valueOf(pid), "environ"), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read the environment of " + pid + " (run the tests as root, as "
					+ "scripts/test.sh does on the CI machines)", ex);
		}
	}

	/**
	 * The variables of a process's environment block, or {@code null} when the block
	 * holds something else: Chromium's child processes write their title over the memory
	 * of argv and environ, and they have the environment of the browser process they come
	 * from.
	 */
	private static Map<String, String> variables(String raw) {
		Map<String, String> variables = new LinkedHashMap<>();
		for (String entry : raw.split("\0")) {
			int equals = entry.indexOf('=');
			if (entry.isEmpty()) {
				continue;
			}
			if (equals <= 0 || !entry.substring(0, equals).matches("[A-Z_][A-Z0-9_]*")) {
				return null;
			}
			variables.put(entry.substring(0, equals), entry.substring(equals + 1));
		}
		return variables;
	}

	private static Map<String, String> status(long pid) throws UncheckedIOException {
		try {
			return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))
				.stream()
				.filter((line) -> line.contains(":"))
				.collect(Collectors.toMap((line) -> line.substring(0, line.indexOf(':')),
						(line) -> line.substring(line.indexOf(':') + 1).strip(), (a, b) -> a));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String namespace(long pid, String kind) {
		try {
			return Files.readSymbolicLink(Path.of("/proc", String.valueOf(pid), "ns", kind)).toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Runs a command as a user and group (by id); its exit status. */
	private static int runAs(String uid, String gid, String... command) throws IOException, InterruptedException {
		List<String> line = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups"));
		line.addAll(Arrays.asList(command));
		Process process = new ProcessBuilder(line).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		return process.waitFor();
	}

	/**
	 * A Chromium process as {@code /proc} shows it.
	 *
	 * @param environment its variables, or {@code null} when its title was written over
	 * them (see {@link #variables})
	 * @param seccomp its seccomp mode from {@code /proc/<pid>/status}
	 */
	record BrowserProcess(long pid, String commandLine, String user, String rawEnvironment,
			Map<String, String> environment, String userNamespace, String pidNamespace, String seccomp) {

		boolean isRenderer() {
			return this.commandLine.contains("--type=renderer");
		}

		@Override
		public String toString() {
			return "Chromium process " + this.pid + " (" + this.commandLine.replaceAll("^(\\S+\\s+\\S+).*", "$1") + ")";
		}

	}

}
