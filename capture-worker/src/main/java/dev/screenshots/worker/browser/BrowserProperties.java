package dev.screenshots.worker.browser;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The browser pool ({@code capture.browser.*}).
 *
 * @param poolSize browser slots, each with its own Playwright, browser and thread; also
 * the number of jobs the worker takes from the queue at once
 * @param executable the Chromium binary; empty means the first of
 * {@link ChromiumExecutable#CANDIDATES} that exists
 * @param maxCapturesPerBrowser relaunch a browser after this many captures, to bound
 * leaks
 * @param launchTimeout how long launching one browser may take
 * @param extraArgs command-line switches added to the built-in ones
 * @param spareSandbox whether an idle slot prepares a sandbox for its next job ahead (a
 * fresh context and page like the last job's): the next job starts without waiting for
 * one, at the cost of an idle renderer process per slot
 * @param host the browser host to connect to, {@code ws://127.0.0.1:<port>/<token>}
 * ({@code scripts/browser-host.sh}): Playwright's server running as another OS user with
 * a minimal environment, which launches a sandboxed Chromium for each slot; required
 * unless {@code unsandboxed}
 * @param unsandboxed runs Chromium without its sandbox: on the host with
 * {@code --no-sandbox}, or, without a host, in the worker's own process tree as the
 * worker's user. Only for platforms that can provide neither; logged as a warning at
 * start-up and at every launch
 */
@Validated
@ConfigurationProperties("capture.browser")
public record BrowserProperties(@DefaultValue("2") @Min(1) @Max(32) int poolSize, Path executable,
		@DefaultValue("500") @Min(1) int maxCapturesPerBrowser, @DefaultValue("30s") @NotNull Duration launchTimeout,
		@DefaultValue List<String> extraArgs, @DefaultValue("true") boolean spareSandbox, URI host,
		@DefaultValue("false") boolean unsandboxed) {

}
