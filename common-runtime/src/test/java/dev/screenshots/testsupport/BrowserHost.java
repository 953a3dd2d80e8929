package dev.screenshots.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * The browser host the tests' workers connect to, started once per test JVM the way the
 * local run and the image start it: {@code scripts/browser-host.sh}, which runs
 * Playwright's server as the {@code screenshots-browser} user with a minimal environment
 * (docs/security.md, "The browser"). It stops with the JVM.
 */
public final class BrowserHost {

	private static BrowserHost instance;

	private final int port;

	private final String token;

	private volatile Process process;

	private BrowserHost(int port, String token) {
		this.port = port;
		this.token = token;
	}

	public static synchronized BrowserHost get() {
		if (instance == null) {
			byte[] random = new byte[16];
			new SecureRandom().nextBytes(random);
			instance = new BrowserHost(Ports.freePort(), HexFormat.of().formatHex(random));
			instance.start();
			Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "browser-host-stop"));
		}
		return instance;
	}

	/**
	 * Kills Playwright's server with SIGKILL, as a crash or the kernel's OOM killer
	 * would: every worker's connection to it breaks at once, without a close. The host's
	 * script ends with it; {@link #restart()} starts it again.
	 */
	public void killServer() {
		server().destroyForcibly();
	}

	/**
	 * Starts the host again on the same endpoint, once the script of the last one has
	 * ended, as a pod's restarted browser container does.
	 */
	public synchronized void restart() {
		try {
			if (!this.process.waitFor(Waits.scaled(Waits.ONE_JOB).toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("The browser host's script did not end after its server did");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		start();
	}

	private void start() {
		Path log;
		try {
			log = Files.createTempFile("browser-host", ".log");
			log.toFile().deleteOnExit();
			ProcessBuilder builder = new ProcessBuilder(
					ProjectFiles.root().resolve("scripts/browser-host.sh").toString())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			builder.environment().put("BROWSER_HOST_PORT", String.valueOf(this.port));
			builder.environment().put("BROWSER_HOST_TOKEN", this.token);
			builder.environment().put("BROWSER_HOST_WATCH_PID", String.valueOf(ProcessHandle.current().pid()));
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start scripts/browser-host.sh", ex);
		}
		long deadline = System.nanoTime() + Waits.scaled(Waits.ONE_JOB).toNanos();
		while (!Ports.open(this.port)) {
			if (!this.process.isAlive() || System.nanoTime() > deadline) {
				String output;
				try {
					output = Files.readString(log);
				}
				catch (IOException ex) {
					output = ex.toString();
				}
				throw new IllegalStateException("The browser host did not start:\n" + output);
			}
			JavaProcess.sleep(Duration.ofMillis(100));
		}
	}

	/**
	 * @return the endpoint a worker connects to ({@code capture.browser.host})
	 */
	public String endpoint() {
		return "ws://127.0.0.1:" + this.port + "/" + this.token;
	}

	/**
	 * @return the host script's process (its server and browsers are below it)
	 */
	public ProcessHandle process() {
		return this.process.toHandle();
	}

	/**
	 * @return Playwright's server, the process that launches the browsers
	 */
	public ProcessHandle server() {
		return this.process.toHandle()
			.children()
			.filter((child) -> child.info().command().orElse("").endsWith("/node"))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("The browser host's server is not running"));
	}

	private void stop() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.descendants().forEach(ProcessHandle::destroyForcibly);
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
