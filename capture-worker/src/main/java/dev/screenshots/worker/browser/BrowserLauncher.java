package dev.screenshots.worker.browser;

import java.net.ConnectException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.impl.HostConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a slot's browser comes from. By default from the browser host
 * ({@code capture.browser.host}): Playwright's server, started by
 * {@code scripts/browser-host.sh} (or the pod's browser container) as another OS user
 * with a minimal environment, launches a Chromium with its sandbox for each connection,
 * so a page that exploits the renderer finds no credential of the worker
 * (docs/security.md, "The browser"). Only with {@code capture.browser.unsandboxed} may a
 * browser run without its sandbox, and only then without a host, in the worker's own
 * process tree.
 */
final class BrowserLauncher {

	private static final Logger log = LoggerFactory.getLogger(BrowserLauncher.class);

	/** What Chromium gets of the environment when the worker launches it itself. */
	private static final List<String> KEPT_VARIABLES = List.of("HOME", "PATH", "LANG", "LC_ALL", "TZ", "TMPDIR");

	/** How long to wait before trying a host that refused the connection again. */
	private static final long RETRY_MS = 250;

	private final BrowserProperties properties;

	private final Path executable;

	private BrowserLauncher(BrowserProperties properties, Path executable) {
		this.properties = properties;
		this.executable = executable;
	}

	/**
	 * Checks the configuration: a browser host, or the explicit permission to run without
	 * the sandbox.
	 * @param properties the pool's configuration
	 * @param executable the Chromium binary (a path on the host's machine too)
	 * @return the launcher
	 * @throws IllegalStateException when there is neither
	 */
	static BrowserLauncher of(BrowserProperties properties, Path executable) {
		if (properties.host() == null && !properties.unsandboxed()) {
			throw new IllegalStateException("capture.browser.host is not set. The worker runs its browsers on a "
					+ "browser host (scripts/browser-host.sh, or the browser container of the pod) as another user, "
					+ "sandboxed and without the worker's credentials. Start one and set capture.browser.host to "
					+ "ws://127.0.0.1:<port>/<token>, or, where the platform can provide neither, set "
					+ "capture.browser.unsandboxed=true (docs/security.md, \"The browser\").");
		}
		BrowserLauncher launcher = new BrowserLauncher(properties, executable);
		if (properties.unsandboxed()) {
			log.warn(
					"capture.browser.unsandboxed is set: Chromium runs WITHOUT its sandbox{}. A page that "
							+ "exploits the browser runs with {}. Not for production (docs/security.md).",
					(properties.host() != null) ? " on the browser host"
							: ", in the worker's own process tree as the worker's user",
					(properties.host() != null) ? "the browser host's user" : "the worker's user and environment");
		}
		return launcher;
	}

	/**
	 * @return where the browsers come from, for logs (the host's token left out)
	 */
	String describe() {
		URI host = this.properties.host();
		return (host != null) ? "browser host " + host.getScheme() + "://" + host.getAuthority() + "/…"
				: "unsandboxed Chromium at " + this.executable;
	}

	/**
	 * @return whether the browsers come from the browser host, over a connection of their
	 * own ({@link #connect()}), rather than from a local Playwright driver
	 * ({@link #launch})
	 */
	boolean onHost() {
		return this.properties.host() != null;
	}

	/**
	 * Connects to a new browser on the host: the slot's Playwright client speaks to the
	 * host's server itself, with no local driver in between ({@link HostTransport}).
	 * @return the browser and its connection
	 */
	HostBrowser connect() {
		long timeout = this.properties.launchTimeout().toMillis();
		if (this.properties.unsandboxed()) {
			log.warn("Launching Chromium on the browser host without its sandbox (capture.browser.unsandboxed)");
		}
		JsonObject options = new JsonObject();
		options.addProperty("executablePath", this.executable.toString());
		options.addProperty("headless", true);
		options.addProperty("chromiumSandbox", !this.properties.unsandboxed());
		options.addProperty("timeout", timeout);
		JsonArray switches = new JsonArray();
		args().forEach(switches::add);
		options.add("args", switches);
		return connect(options.toString(), timeout);
	}

	/**
	 * Launches an unsandboxed browser in the worker's own process tree, through the
	 * slot's local Playwright driver (without a browser host only).
	 * @param playwright the slot's Playwright
	 * @return the browser
	 */
	Browser launch(Playwright playwright) {
		long timeout = this.properties.launchTimeout().toMillis();
		log.warn("Launching Chromium without its sandbox (capture.browser.unsandboxed)");
		Map<String, String> environment = new java.util.HashMap<>();
		for (String name : KEPT_VARIABLES) {
			String value = System.getenv(name);
			if (value != null) {
				environment.put(name, value);
			}
		}
		return playwright.chromium()
			.launch(new BrowserType.LaunchOptions().setExecutablePath(this.executable)
				.setHeadless(true)
				.setArgs(args())
				.setEnv(environment)
				.setTimeout(timeout)
				.setHandleSIGINT(false)
				.setHandleSIGTERM(false)
				.setHandleSIGHUP(false));
	}

	private List<String> args() {
		List<String> args = new ArrayList<>(BrowserSlot.LAUNCH_ARGS);
		args.addAll(this.properties.extraArgs());
		return args;
	}

	/**
	 * Connects, trying again within the launch timeout while the host refuses
	 * connections: it may start after the worker (a pod's containers start together) or
	 * be restarting.
	 */
	private HostBrowser connect(String launchOptions, long timeout) {
		long deadline = System.nanoTime() + timeout * 1_000_000;
		while (true) {
			HostTransport transport;
			try {
				transport = HostTransport.open(this.properties.host(),
						Map.of("x-playwright-launch-options", launchOptions), Duration.ofMillis(timeout));
			}
			catch (ConnectException ex) {
				if (System.nanoTime() + RETRY_MS * 1_000_000 > deadline) {
					throw new PlaywrightException("The " + describe() + " refuses connections", ex);
				}
				log.info("The {} refuses connections; trying again", describe());
				try {
					Thread.sleep(RETRY_MS);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw new PlaywrightException("Interrupted while connecting to the browser host", interrupted);
				}
				continue;
			}
			Browser browser = HostConnections.connect(transport);
			transport.onClose(() -> HostConnections.disconnected(browser));
			return new HostBrowser(browser, transport);
		}
	}

	/**
	 * A browser on the host and the connection that carries its messages.
	 *
	 * @param browser the browser; closing it closes the connection
	 * @param transport the connection, which tells at once when the host closed it
	 */
	record HostBrowser(Browser browser, HostTransport transport) {
	}

}
