package dev.screenshots.worker.browser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.WaitUntilState;
import tools.jackson.databind.json.JsonMapper;

import dev.screenshots.model.capture.Action;
import dev.screenshots.model.capture.ArtifactKind;
import dev.screenshots.model.capture.BlockList;
import dev.screenshots.model.capture.Region;
import dev.screenshots.model.capture.WaitForSelector;
import dev.screenshots.model.capture.WaitUntil;
import dev.screenshots.model.job.ArtifactProblem;
import dev.screenshots.model.job.ErrorCode;
import dev.screenshots.runtime.security.EgressProxy;
import dev.screenshots.runtime.security.UrlPolicy;
import dev.screenshots.worker.CaptureFailure;
import dev.screenshots.worker.blocking.BlockingRules;

/**
 * A {@link Sandbox} backed by a fresh Playwright context and page: no cookies, storage,
 * cache or permissions shared with any other job. It loads the page and classifies what
 * went wrong, and hands the rest to one class per concern:
 * <ul>
 * <li>{@link ContextFactory}: the context and page as the spec describes them;</li>
 * <li>{@link RequestRouter}: what the page may load (blocking, filter lists, a job's own
 * files, the URL policy's refusals);</li>
 * <li>{@link ConsentAutomation} and {@link PageCleaner}: consent platforms answered, and
 * what the filter lists name hidden, for the blocking flags;</li>
 * <li>{@link PageActions}: waits, css, hiding, scripts, actions, scrolling;</li>
 * <li>{@link PageRenderer}: the image or PDF;</li>
 * <li>{@link PageInspector}: the visible text, HTML and metadata, challenge pages and
 * consent walls;</li>
 * <li>{@link PageRecorder}: the requests and console messages the {@code har} and
 * {@code console} artifacts keep.</li>
 * </ul>
 */
final class PlaywrightSandbox implements Sandbox {

	private final Browser browser;

	private final Page page;

	private final EgressProxy egress;

	private final RequestRouter router;

	private final PageActions actions;

	private final PageRenderer renderer;

	private final PageInspector inspector;

	private final PageCleaner cleaner;

	private final PageRecorder recorder;

	private static final JsonMapper METADATA_JSON = JsonMapper.shared();

	private int consoleErrors;

	/** The status of the main frame's last navigation response, or 0. */
	private int documentStatus;

	/** What the page showed when it last settled, or {@code null}. */
	private PageInspector.Seen seen;

	private boolean closed;

	private PlaywrightSandbox(Browser browser, Page page, SandboxSpec spec, EgressProxy egress, RequestRouter router,
			BlockingRules rules, Runnable onScreenshotRetry) {
		this.browser = browser;
		this.page = page;
		this.egress = egress;
		this.router = router;
		router.follow(page);
		ConsentAutomation consent = (spec.blocking().lists().contains(BlockList.COOKIE_BANNERS)
				&& spec.context().javaScriptEnabled()) ? new ConsentAutomation(rules, spec.blocking().cookieConsent())
						: null;
		this.cleaner = new PageCleaner(page, rules, spec.blocking().lists(), spec.context().javaScriptEnabled(),
				consent);
		this.actions = new PageActions(browser, page);
		this.renderer = new PageRenderer(page.context(), page, onScreenshotRetry);
		this.inspector = new PageInspector(page);
		this.recorder = new PageRecorder(page, this.router);
		page.onConsoleMessage((message) -> {
			if ("error".equals(message.type())) {
				this.consoleErrors++;
			}
		});
		page.onPageError((error) -> this.consoleErrors++);
		// listening is a call to the browser too: made with the sandbox, not in the job's
		// load
		page.onResponse((response) -> {
			if (response.request().isNavigationRequest() && response.frame() == page.mainFrame()) {
				this.documentStatus = response.status();
			}
		});
	}

	/**
	 * Opens a sandbox.
	 * @param browser the slot's browser
	 * @param spec what the page sees and must not load
	 * @param policy the URL policy every request is checked against
	 * @param rules the filter lists and consent rules behind the blocking flags
	 * @param onScreenshotRetry called for each refused screenshot taken again
	 * @return the sandbox
	 * @throws CaptureFailure {@code BROWSER_CRASHED} or {@code INTERNAL_ERROR} when the
	 * context cannot be made
	 */
	static PlaywrightSandbox open(Browser browser, SandboxSpec spec, UrlPolicy policy, BlockingRules rules,
			Runnable onScreenshotRetry) {
		EgressProxy egress = EgressProxy.open(policy);
		BrowserContext context = null;
		try {
			context = ContextFactory.open(browser, spec, egress);
			RequestRouter router = new RequestRouter(context, spec, egress, rules);
			PageCleaner.prepare(context, rules, spec.blocking().lists(), spec.context().javaScriptEnabled());
			Page page = ContextFactory.page(context, spec);
			return new PlaywrightSandbox(browser, page, spec, egress, router, rules, onScreenshotRetry);
		}
		catch (PlaywrightException ex) {
			egress.close();
			if (context != null) {
				PlaywrightErrors.closeQuietly(context);
			}
			throw new CaptureFailure(browser.isConnected() ? ErrorCode.INTERNAL_ERROR : ErrorCode.BROWSER_CRASHED,
					"Could not create a browser context: " + PlaywrightErrors.summary(ex), ex);
		}
	}

	@Override
	public void serve(String origin, Map<String, byte[]> files, boolean isolate) {
		try {
			this.router.serve(origin, files, isolate);
		}
		catch (PlaywrightException ex) {
			throw PlaywrightErrors.failure(this.browser, ErrorCode.INTERNAL_ERROR, "Serving the job's files failed: ",
					ex);
		}
	}

	@Override
	public void record(Set<ArtifactKind> kinds) {
		try {
			this.recorder.start(kinds);
		}
		catch (PlaywrightException ex) {
			throw PlaywrightErrors.failure(this.browser, ErrorCode.INTERNAL_ERROR, "Recording the page failed: ", ex);
		}
	}

	@Override
	public List<PageArtifact> artifacts(Set<ArtifactKind> kinds, PageLoad load, int maxBytes) {
		List<PageArtifact> artifacts = new ArrayList<>();
		for (ArtifactKind kind : kinds) {
			try {
				artifacts.add(switch (kind) {
					case HTML -> html(maxBytes);
					case TEXT -> PageArtifact.text(kind, this.inspector.visibleText(), maxBytes);
					case METADATA -> PageArtifact.json(kind, metadata(load), maxBytes);
					case HAR -> this.recorder.har(maxBytes, read(this.page::title));
					case CONSOLE -> this.recorder.console(maxBytes);
				});
			}
			catch (PlaywrightException ex) {
				if (!this.browser.isConnected()) {
					throw PlaywrightErrors.failure(this.browser, ErrorCode.CAPTURE_FAILED, "Reading the page failed: ",
							ex);
				}
				artifacts.add(PageArtifact.absent(kind, ArtifactProblem.ARTIFACT_FAILED,
						"Reading the " + kind.value() + " failed: " + PlaywrightErrors.summary(ex)));
			}
		}
		return artifacts;
	}

	/**
	 * The HTML, cut in the page: a UTF-8 character is at most 4 bytes, cut again here.
	 */
	private PageArtifact html(int maxBytes) {
		PageInspector.Text html = this.inspector.html(maxBytes);
		PageArtifact artifact = PageArtifact.text(ArtifactKind.HTML, html.text(), maxBytes);
		if (html.length() > html.text().length() && artifact.problem() == null) {
			return new PageArtifact(ArtifactKind.HTML, artifact.content(), ArtifactProblem.ARTIFACT_TRUNCATED,
					"The html was " + html.length() + " characters; the first " + html.text().length() + " are stored");
		}
		return artifact;
	}

	private String metadata(PageLoad load) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("url", this.page.url());
		fields.put("status", (load != null) ? load.httpStatus() : null);
		fields.putAll(this.inspector.metadata());
		return METADATA_JSON.writeValueAsString(fields);
	}

	@Override
	public PageLoad load(String url, WaitUntil waitUntil, Duration timeout) {
		this.documentStatus = 0;
		this.seen = null;
		try {
			Response response = this.page.navigate(url,
					new Page.NavigateOptions().setWaitUntil(state(waitUntil)).setTimeout(timeout.toMillis()));
			// headers() is what the response event brought; headerValue() would be a call
			// to the browser of its own
			String blocked = (response != null)
					? response.headers().get(EgressProxy.BLOCKED_HEADER.toLowerCase(Locale.ROOT)) : null;
			if (blocked != null) {
				throw new CaptureFailure(ErrorCode.URL_NOT_ALLOWED, "The URL is not allowed: " + blocked);
			}
			return new PageLoad((response != null) ? response.status() : null, this.page.url());
		}
		catch (TimeoutError ex) {
			throw new CaptureFailure(ErrorCode.NAVIGATION_TIMEOUT,
					"The page did not reach '" + waitUntil.value() + "' within " + timeout.toMillis() + " ms", ex);
		}
		catch (PlaywrightException ex) {
			Optional<String> blocked = this.router.blockedNavigation();
			if (blocked.isPresent()) {
				throw new CaptureFailure(ErrorCode.URL_NOT_ALLOWED, "The URL is not allowed: " + blocked.get(), ex);
			}
			if (this.documentStatus == 204 || this.documentStatus == 205) {
				// Chromium aborts a navigation answered without content; report what the
				// server said
				return new PageLoad(this.documentStatus, url);
			}
			if (ex.getMessage() != null && ex.getMessage().contains("Download is starting")) {
				throw new CaptureFailure(ErrorCode.UNSUPPORTED_CONTENT,
						"The URL starts a download instead of showing a page", ex);
			}
			throw PlaywrightErrors.failure(this.browser, ErrorCode.NAVIGATION_FAILED, "Navigation failed: ", ex);
		}
	}

	@Override
	public void waitForSelector(WaitForSelector condition, Duration timeout) {
		this.actions.waitForSelector(condition, timeout);
	}

	@Override
	public void waitForFunction(String expression, Duration timeout) {
		this.actions.waitForFunction(expression, timeout);
	}

	@Override
	public void addStyle(String css) {
		this.actions.addStyle(css);
	}

	@Override
	public void hide(List<String> selectors) {
		this.actions.hide(selectors);
	}

	@Override
	public void runScript(String js, Duration timeout) {
		this.actions.runScript(js, timeout);
	}

	@Override
	public void perform(Action action, int index) {
		this.actions.perform(action, index);
	}

	@Override
	public void scrollThrough(int maxHeight, Duration timeout) {
		LazyContent.scrollThrough(this.page, maxHeight, timeout);
	}

	/**
	 * Settles the page and reads what the cleaning needs in one call into the page; when
	 * the cleaning changes the page (hiding, unlocking, a consent platform answered), the
	 * change is made in a second call that lets the page settle again, within what is
	 * left of the time limit. The last call also reads what the page shows
	 * ({@link #facts()}), unless animations are to be frozen for the capture, which can
	 * change what is on screen: then it is read after the capture, as without a settle. A
	 * failure of the cleaning's part of a call is {@code SCRIPT_FAILED}, as the
	 * cleaning's own calls; a call that fails as a whole (the page navigated away or
	 * crashed) is {@code CAPTURE_FAILED}.
	 */
	@Override
	public void settle(CaptureSpec spec) {
		long deadline = System.nanoTime() + spec.timeout().toNanos();
		this.seen = null;
		PageScript seeing = spec.disableAnimations() ? null : PageInspector.seeing();
		PageScript reading = this.cleaner.reading();
		if (reading == null) {
			this.seen = seen(settle(spec, null, seeing));
			return;
		}
		Object read = settle(spec, null, (seeing != null) ? PageScript.both(reading, seeing) : reading);
		Map<?, ?> answers = (read instanceof Map<?, ?> map) ? map : Map.of();
		PageScript write;
		try {
			write = this.cleaner.clear((seeing != null) ? answers.get("first") : read, remaining(deadline));
		}
		catch (PlaywrightException ex) {
			throw cleaningFailed(ex);
		}
		if (write == null) {
			this.seen = (seeing != null) ? seen(answers.get("second")) : null;
			return;
		}
		this.seen = seen(settle(spec.withTimeout(remaining(deadline)), write, seeing));
	}

	private Object settle(CaptureSpec spec, PageScript before, PageScript after) {
		PageRenderer.Settled settled;
		try {
			settled = this.renderer.settle(spec, before, after);
		}
		catch (PlaywrightException ex) {
			throw PlaywrightErrors.failure(this.browser, ErrorCode.CAPTURE_FAILED, "Settling the page failed: ", ex);
		}
		if (settled.failure() != null) {
			throw new CaptureFailure(ErrorCode.SCRIPT_FAILED,
					"Hiding what the blocking lists name failed: " + settled.failure());
		}
		return settled.answer();
	}

	private static PageInspector.Seen seen(Object answer) {
		return (answer instanceof Map<?, ?>) ? PageInspector.seen(answer) : null;
	}

	private static Duration remaining(long deadline) {
		return Duration.ofNanos(Math.max(Duration.ofMillis(1).toNanos(), deadline - System.nanoTime()));
	}

	private CaptureFailure cleaningFailed(PlaywrightException ex) {
		return PlaywrightErrors.failure(this.browser, ErrorCode.SCRIPT_FAILED,
				"Hiding what the blocking lists name failed: ", ex);
	}

	@Override
	public void pause(Duration duration) {
		this.actions.pause(duration);
	}

	@Override
	public byte[] capture(CaptureSpec spec) {
		try {
			return this.renderer.render(spec);
		}
		catch (CaptureFailure failure) {
			throw failure;
		}
		catch (PlaywrightException ex) {
			throw PlaywrightErrors.failure(this.browser, ErrorCode.CAPTURE_FAILED, "Capture failed: ", ex);
		}
	}

	@Override
	public String visibleText() {
		try {
			return this.inspector.visibleText();
		}
		catch (PlaywrightException ex) {
			throw PlaywrightErrors.failure(this.browser, ErrorCode.CAPTURE_FAILED, "Reading the page's text failed: ",
					ex);
		}
	}

	@Override
	public List<Region> boxes(List<String> selectors, CaptureSpec spec, double scale) {
		try {
			return this.inspector.boxes(selectors, spec, scale)
				.stream()
				.map((box) -> new Region(box.get(0).intValue(), box.get(1).intValue(), box.get(2).intValue(),
						box.get(3).intValue()))
				.toList();
		}
		catch (PlaywrightException ex) {
			throw PlaywrightErrors.failure(this.browser, ErrorCode.CAPTURE_FAILED,
					"Finding the elements of compare.ignoreSelectors failed: ", ex);
		}
	}

	/**
	 * What the page did and shows; a page that cannot be read any more (navigating,
	 * crashed) leaves the fields it could not read empty.
	 */
	@Override
	public PageFacts facts() {
		PageInspector.Seen seen = this.seen;
		if (seen == null) {
			try {
				seen = this.inspector.seen();
			}
			catch (PlaywrightException ex) {
				seen = new PageInspector.Seen(null, null, null);
			}
		}
		return new PageFacts(seen.title(), this.consoleErrors, this.router.blockedByPolicy(),
				this.router.blockedByOptions(), this.router.blockedByLists(), seen.challenge(), seen.consentPlatform());
	}

	private static String read(java.util.function.Supplier<String> reading) {
		try {
			return reading.get();
		}
		catch (PlaywrightException ex) {
			return null;
		}
	}

	@Override
	public int blockedRequests() {
		return this.router.blockedByPolicy();
	}

	@Override
	public void close() {
		if (!this.closed) {
			this.closed = true;
			PlaywrightErrors.closeQuietly(this.page.context());
			this.egress.close();
		}
	}

	boolean isClosed() {
		return this.closed;
	}

	private static WaitUntilState state(WaitUntil waitUntil) {
		return switch (waitUntil) {
			case COMMIT -> WaitUntilState.COMMIT;
			case DOMCONTENTLOADED -> WaitUntilState.DOMCONTENTLOADED;
			case LOAD -> WaitUntilState.LOAD;
			case NETWORKIDLE -> WaitUntilState.NETWORKIDLE;
		};
	}

}
