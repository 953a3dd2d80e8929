package dev.screenshots.worker.browser;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.Media;
import com.microsoft.playwright.options.Proxy;
import com.microsoft.playwright.options.ReducedMotion;
import com.microsoft.playwright.options.SameSiteAttribute;
import com.microsoft.playwright.options.ServiceWorkerPolicy;
import com.microsoft.playwright.options.WaitForSelectorState;
import com.microsoft.playwright.options.WaitUntilState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.screenshots.model.capture.Action;
import dev.screenshots.model.capture.Cookie;
import dev.screenshots.model.capture.Emulation;
import dev.screenshots.model.capture.WaitForSelector;
import dev.screenshots.model.capture.WaitUntil;
import dev.screenshots.model.job.ErrorCode;
import dev.screenshots.model.security.EgressProxy;
import dev.screenshots.model.security.TargetHost;
import dev.screenshots.model.security.UrlPolicy;
import dev.screenshots.model.storage.Sources;
import dev.screenshots.worker.CaptureFailure;

/**
 * A {@link Sandbox} backed by a fresh Playwright {@link BrowserContext}: no cookies,
 * storage, cache or permissions shared with any other job, downloads refused, service
 * workers blocked, and every request sent through the sandbox's own {@link EgressProxy},
 * loopback included.
 */
final class PlaywrightSandbox implements Sandbox {

	private static final Logger log = LoggerFactory.getLogger(PlaywrightSandbox.class);

	/** Scrolls a screen at a time (lazy content loads), then back to the top. */
	private static final String SCROLL_THROUGH = """
			async ([maxHeight, pause]) => {
			  const height = () => Math.min(maxHeight, Math.max(document.documentElement.scrollHeight,
			      document.body ? document.body.scrollHeight : 0));
			  const step = Math.max(200, window.innerHeight);
			  for (let y = step; y < height(); y += step) {
			    window.scrollTo(0, y);
			    await new Promise((resolve) => setTimeout(resolve, pause));
			  }
			  window.scrollTo(0, 0);
			  await new Promise((resolve) => requestAnimationFrame(() => resolve()));
			}""";

	private final Browser browser;

	private final BrowserContext context;

	private final Page page;

	private final EgressProxy egress;

	private final PageRenderer renderer;

	private final List<String> mainFrameRequests = new ArrayList<>();

	private int consoleErrors;

	private int blockedByOptions;

	private Set<String> blockedTypes = Set.of();

	private List<UrlGlob> blockedGlobs = List.of();

	private boolean closed;

	private PlaywrightSandbox(Browser browser, BrowserContext context, Page page, EgressProxy egress,
			Runnable onScreenshotRetry) {
		this.browser = browser;
		this.context = context;
		this.page = page;
		this.egress = egress;
		this.renderer = new PageRenderer(context, page, onScreenshotRetry);
		page.onRequest((request) -> {
			if (request.isNavigationRequest() && request.frame() == page.mainFrame()) {
				this.mainFrameRequests.add(request.url());
			}
		});
		page.onConsoleMessage((message) -> {
			if ("error".equals(message.type())) {
				this.consoleErrors++;
			}
		});
		page.onPageError((error) -> this.consoleErrors++);
	}

	static PlaywrightSandbox open(Browser browser, SandboxSpec spec, UrlPolicy policy, Runnable onScreenshotRetry) {
		EgressProxy egress = EgressProxy.open(policy);
		BrowserContext context = null;
		try {
			Browser.NewContextOptions options = new Browser.NewContextOptions()
				.setViewportSize(spec.width(), spec.height())
				.setDeviceScaleFactor(spec.deviceScaleFactor())
				.setIsMobile(spec.isMobile())
				.setHasTouch(spec.hasTouch())
				.setJavaScriptEnabled(spec.javaScriptEnabled())
				.setAcceptDownloads(false)
				.setServiceWorkers(ServiceWorkerPolicy.BLOCK)
				// "<-loopback>" removes Chromium's implicit loopback bypass: loopback is
				// checked too
				.setProxy(new Proxy(egress.proxyServer()).setBypass("<-loopback>"));
			if (spec.userAgent() != null) {
				options.setUserAgent(spec.userAgent());
			}
			if (spec.locale() != null) {
				options.setLocale(spec.locale());
			}
			if (spec.timezoneId() != null) {
				options.setTimezoneId(spec.timezoneId());
			}
			if (spec.colorScheme() != null) {
				options.setColorScheme(ColorScheme.valueOf(spec.colorScheme().name()));
			}
			if (spec.reducedMotion() != null) {
				options.setReducedMotion(ReducedMotion.valueOf(spec.reducedMotion().name()));
			}
			if (!spec.extraHeaders().isEmpty()) {
				options.setExtraHTTPHeaders(spec.extraHeaders());
			}
			context = browser.newContext(options);
			if (!spec.cookies().isEmpty()) {
				context.addCookies(spec.cookies().stream().map((cookie) -> cookie(cookie, spec.cookieUrl())).toList());
			}
			Page page = context.newPage();
			if (spec.mediaType() == Emulation.MediaType.PRINT) {
				page.emulateMedia(new Page.EmulateMediaOptions().setMedia(Media.PRINT));
			}
			PlaywrightSandbox sandbox = new PlaywrightSandbox(browser, context, page, egress, onScreenshotRetry);
			sandbox.block(spec);
			return sandbox;
		}
		catch (PlaywrightException ex) {
			egress.close();
			if (context != null) {
				closeQuietly(context);
			}
			throw new CaptureFailure(browser.isConnected() ? ErrorCode.INTERNAL_ERROR : ErrorCode.BROWSER_CRASHED,
					"Could not create a browser context: " + PlaywrightErrors.summary(ex), ex);
		}
	}

	private void block(SandboxSpec spec) {
		if (spec.blockResourceTypes().isEmpty() && spec.blockUrlPatterns().isEmpty()) {
			return;
		}
		this.blockedTypes = spec.blockResourceTypes()
			.stream()
			.map(Emulation.ResourceType::browserName)
			.collect(Collectors.toSet());
		this.blockedGlobs = spec.blockUrlPatterns().stream().map(UrlGlob::of).toList();
		this.context.route("**/*", (route) -> {
			if (blockedByOptions(route.request())) {
				this.blockedByOptions++;
				route.abort("blockedbyclient");
			}
			else {
				route.resume();
			}
		});
	}

	/**
	 * Whether {@code blockResourceTypes} or {@code blockUrlPatterns} refuse a request;
	 * the main document never is.
	 */
	private boolean blockedByOptions(Request request) {
		boolean mainDocument = request.isNavigationRequest() && request.frame().parentFrame() == null;
		return !mainDocument && (this.blockedTypes.contains(request.resourceType())
				|| this.blockedGlobs.stream().anyMatch((glob) -> glob.matches(request.url())));
	}

	@Override
	public void serve(String origin, Map<String, byte[]> files, boolean isolate) {
		String base = origin + "/";
		if (isolate) {
			this.egress.isolate("a bundle reaches nothing outside its own files");
		}
		try {
			// registered after the blocking route, so it is asked first
			this.context.route((url) -> url.startsWith(base) || url.equals(origin), (route) -> {
				if (blockedByOptions(route.request())) {
					this.blockedByOptions++;
					route.abort("blockedbyclient");
					return;
				}
				String path = pathOf(route.request().url(), base);
				byte[] content = files.get(path);
				if (content == null && (path.isEmpty() || path.endsWith("/"))) {
					path = path + "index.html";
					content = files.get(path);
				}
				if (content == null) {
					route.fulfill(new Route.FulfillOptions().setStatus(404)
						.setHeaders(Map.of("Content-Type", "text/plain; charset=utf-8", "Cache-Control", "no-store"))
						.setBody("Not in the bundle: /" + path));
					return;
				}
				route.fulfill(new Route.FulfillOptions().setStatus(200)
					.setHeaders(Map.of("Content-Type", Sources.contentType(path), "Cache-Control", "no-store"))
					.setBodyBytes(content));
			});
		}
		catch (PlaywrightException ex) {
			throw failure(ErrorCode.INTERNAL_ERROR, "Serving the job's files failed: ", ex);
		}
	}

	/**
	 * The decoded path of a URL on the origin, without query or fragment.
	 */
	private static String pathOf(String url, String base) {
		String rest = url.substring(Math.min(url.length(), base.length()));
		int end = rest.length();
		for (char stop : new char[] { '?', '#' }) {
			int at = rest.indexOf(stop);
			if (at >= 0) {
				end = Math.min(end, at);
			}
		}
		String raw = rest.substring(0, end);
		try {
			String decoded = new URI("/" + raw).getPath();
			return decoded.substring(1);
		}
		catch (URISyntaxException ex) {
			return raw;
		}
	}

	@Override
	public PageLoad load(String url, WaitUntil waitUntil, Duration timeout) {
		int[] documentStatus = { 0 };
		this.page.onResponse((response) -> {
			if (response.request().isNavigationRequest() && response.frame() == this.page.mainFrame()) {
				documentStatus[0] = response.status();
			}
		});
		try {
			Response response = this.page.navigate(url,
					new Page.NavigateOptions().setWaitUntil(state(waitUntil)).setTimeout(timeout.toMillis()));
			String blocked = (response != null) ? response.headerValue(EgressProxy.BLOCKED_HEADER) : null;
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
			Optional<String> blocked = blockedNavigation();
			if (blocked.isPresent()) {
				throw new CaptureFailure(ErrorCode.URL_NOT_ALLOWED, "The URL is not allowed: " + blocked.get(), ex);
			}
			if (documentStatus[0] == 204 || documentStatus[0] == 205) {
				// Chromium aborts a navigation answered without content; report what the
				// server said
				return new PageLoad(documentStatus[0], url);
			}
			if (ex.getMessage() != null && ex.getMessage().contains("Download is starting")) {
				throw new CaptureFailure(ErrorCode.UNSUPPORTED_CONTENT,
						"The URL starts a download instead of showing a page", ex);
			}
			throw failure(ErrorCode.NAVIGATION_FAILED, "Navigation failed: ", ex);
		}
	}

	@Override
	public void waitForSelector(WaitForSelector condition, Duration timeout) {
		try {
			this.page.waitForSelector(condition.selector(),
					new Page.WaitForSelectorOptions().setState((condition.state() == WaitForSelector.State.ATTACHED)
							? WaitForSelectorState.ATTACHED : WaitForSelectorState.VISIBLE)
						.setTimeout(timeout.toMillis()));
		}
		catch (TimeoutError ex) {
			throw new CaptureFailure(ErrorCode.WAIT_CONDITION_TIMEOUT, "No element matched '" + condition.selector()
					+ "' (" + condition.state().name().toLowerCase() + ") within " + timeout.toMillis() + " ms", ex);
		}
		catch (PlaywrightException ex) {
			throw failure(ErrorCode.INVALID_REQUEST, "waitForSelector failed: ", ex);
		}
	}

	@Override
	public void waitForFunction(String expression, Duration timeout) {
		try {
			this.page.waitForFunction(expression, null,
					new Page.WaitForFunctionOptions().setTimeout(timeout.toMillis()));
		}
		catch (TimeoutError ex) {
			throw new CaptureFailure(ErrorCode.WAIT_CONDITION_TIMEOUT,
					"waitForFunction did not become truthy within " + timeout.toMillis() + " ms", ex);
		}
		catch (PlaywrightException ex) {
			throw failure(ErrorCode.SCRIPT_FAILED, "waitForFunction failed: ", ex);
		}
	}

	@Override
	public void addStyle(String css) {
		try {
			this.page.addStyleTag(new Page.AddStyleTagOptions().setContent(css));
		}
		catch (PlaywrightException ex) {
			throw failure(ErrorCode.SCRIPT_FAILED, "Adding the css failed: ", ex);
		}
	}

	@Override
	public void hide(List<String> selectors) {
		if (selectors.isEmpty()) {
			return;
		}
		// one rule per selector: a selector that does not parse drops only its own rule
		addStyle(selectors.stream()
			.map((selector) -> selector.replace("{", "").replace("}", "") + " { display: none !important; }")
			.collect(Collectors.joining("\n")));
	}

	@Override
	public void runScript(String js, Duration timeout) {
		try {
			this.page.evaluate("async () => {\n" + js + "\n}");
		}
		catch (PlaywrightException ex) {
			throw failure(ErrorCode.SCRIPT_FAILED, "The js script failed: ", ex);
		}
	}

	@Override
	public void perform(Action action, int index) {
		double timeout = action.timeoutMs();
		try {
			switch (action.type()) {
				case CLICK -> this.page.click(action.selector(), new Page.ClickOptions().setTimeout(timeout));
				case HOVER -> this.page.hover(action.selector(), new Page.HoverOptions().setTimeout(timeout));
				case FILL ->
					this.page.fill(action.selector(), action.text(), new Page.FillOptions().setTimeout(timeout));
				case PRESS -> {
					if (action.selector() != null) {
						this.page.press(action.selector(), action.key(), new Page.PressOptions().setTimeout(timeout));
					}
					else {
						this.page.keyboard().press(action.key());
					}
				}
				case SCROLL -> {
					if (action.selector() != null) {
						this.page.locator(action.selector())
							.first()
							.scrollIntoViewIfNeeded(new Locator.ScrollIntoViewIfNeededOptions().setTimeout(timeout));
					}
					else {
						this.page.evaluate("([x, y]) => window.scrollBy(x, y)",
								List.of((action.x() != null) ? action.x() : 0, (action.y() != null) ? action.y() : 0));
					}
				}
				case WAIT -> {
					if (action.selector() != null) {
						this.page.waitForSelector(action.selector(),
								new Page.WaitForSelectorOptions().setTimeout(timeout));
					}
					if (action.ms() != null) {
						this.page.waitForTimeout(action.ms());
					}
				}
			}
		}
		catch (PlaywrightException ex) {
			String target = (action.selector() != null) ? " " + action.selector() : "";
			throw failure(ErrorCode.ACTION_FAILED,
					"Action " + index + " (" + action.type().name().toLowerCase() + target + ") failed: ", ex);
		}
	}

	@Override
	public void scrollThrough(int maxHeight, Duration timeout) {
		try {
			this.page.evaluate(SCROLL_THROUGH, List.of(maxHeight, 100));
		}
		catch (PlaywrightException ex) {
			log.debug("Scrolling through the page failed; capturing as it is", ex);
		}
	}

	@Override
	public void pause(Duration duration) {
		if (duration.isZero()) {
			return;
		}
		try {
			this.page.waitForTimeout(duration.toMillis());
		}
		catch (PlaywrightException ex) {
			throw failure(ErrorCode.CAPTURE_FAILED, "Waiting on the page failed: ", ex);
		}
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
			throw failure(ErrorCode.CAPTURE_FAILED, "Capture failed: ", ex);
		}
	}

	@Override
	public PageFacts facts() {
		String title;
		try {
			title = this.page.title();
		}
		catch (PlaywrightException ex) {
			title = null;
		}
		return new PageFacts(title, this.consoleErrors, this.egress.blockedCount(), this.blockedByOptions);
	}

	@Override
	public int blockedRequests() {
		return this.egress.blockedCount();
	}

	@Override
	public void close() {
		if (!this.closed) {
			this.closed = true;
			closeQuietly(this.context);
			this.egress.close();
		}
	}

	boolean isClosed() {
		return this.closed;
	}

	/**
	 * Whether the policy blocked a request of the main frame's navigation (the page or a
	 * redirect hop): a blocked {@code CONNECT} makes the navigation fail without a
	 * response.
	 */
	private Optional<String> blockedNavigation() {
		for (String request : this.mainFrameRequests) {
			Optional<TargetHost> target = TargetHost.of(request);
			if (target.isPresent()) {
				Optional<String> reason = this.egress.blockedReason(target.get().host(), target.get().port());
				if (reason.isPresent()) {
					return reason;
				}
			}
		}
		return Optional.empty();
	}

	private CaptureFailure failure(ErrorCode code, String prefix, PlaywrightException ex) {
		if (!this.browser.isConnected()) {
			return new CaptureFailure(ErrorCode.BROWSER_CRASHED, "The browser stopped during the job", ex);
		}
		return new CaptureFailure(code, prefix + PlaywrightErrors.summary(ex), ex);
	}

	private static com.microsoft.playwright.options.Cookie cookie(Cookie cookie, String url) {
		com.microsoft.playwright.options.Cookie result = new com.microsoft.playwright.options.Cookie(cookie.name(),
				cookie.value());
		if (cookie.domain() != null) {
			result.setDomain(cookie.domain()).setPath((cookie.path() != null) ? cookie.path() : "/");
		}
		else {
			result.setUrl(url);
		}
		if (cookie.secure() != null) {
			result.setSecure(cookie.secure());
		}
		if (cookie.httpOnly() != null) {
			result.setHttpOnly(cookie.httpOnly());
		}
		if (cookie.sameSite() != null) {
			result.setSameSite(SameSiteAttribute.valueOf(cookie.sameSite().name()));
		}
		return result;
	}

	private static void closeQuietly(BrowserContext context) {
		try {
			context.close();
		}
		catch (PlaywrightException ex) {
			log.debug("Closing a browser context failed (the browser is probably gone)", ex);
		}
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
