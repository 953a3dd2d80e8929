package dev.screenshots.worker.browser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.Proxy;
import com.microsoft.playwright.options.ScreenshotType;
import com.microsoft.playwright.options.ServiceWorkerPolicy;
import com.microsoft.playwright.options.WaitUntilState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.screenshots.model.capture.ImageFormat;
import dev.screenshots.model.capture.WaitUntil;
import dev.screenshots.model.job.ErrorCode;
import dev.screenshots.model.security.TargetHost;
import dev.screenshots.model.security.UrlPolicy;
import dev.screenshots.worker.CaptureFailure;

/**
 * A {@link Sandbox} backed by a fresh Playwright {@link BrowserContext}: no cookies,
 * storage, cache or permissions shared with any other job, downloads refused, service
 * workers blocked, and every request sent through the sandbox's own
 * {@link EgressSession}, loopback included.
 */
final class PlaywrightSandbox implements Sandbox {

	private static final Logger log = LoggerFactory.getLogger(PlaywrightSandbox.class);

	private final Browser browser;

	private final BrowserContext context;

	private final Page page;

	private final EgressSession egress;

	private final List<String> mainFrameRequests = new ArrayList<>();

	private boolean closed;

	private PlaywrightSandbox(Browser browser, BrowserContext context, Page page, EgressSession egress) {
		this.browser = browser;
		this.context = context;
		this.page = page;
		this.egress = egress;
		page.onRequest((request) -> {
			if (request.isNavigationRequest() && request.frame() == page.mainFrame()) {
				this.mainFrameRequests.add(request.url());
			}
		});
	}

	static PlaywrightSandbox open(Browser browser, SandboxSpec spec, UrlPolicy policy) {
		EgressSession egress = EgressSession.open(policy);
		BrowserContext context = null;
		try {
			context = browser.newContext(new Browser.NewContextOptions().setViewportSize(spec.width(), spec.height())
				.setAcceptDownloads(false)
				.setServiceWorkers(ServiceWorkerPolicy.BLOCK)
				// "<-loopback>" removes Chromium's implicit loopback bypass: loopback is
				// checked too
				.setProxy(new Proxy(egress.proxyServer()).setBypass("<-loopback>")));
			Page page = context.newPage();
			return new PlaywrightSandbox(browser, context, page, egress);
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
			String blocked = (response != null) ? response.headerValue(EgressSession.BLOCKED_HEADER) : null;
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
	public byte[] screenshot(ImageFormat format, int quality, boolean fullPage, Duration timeout) {
		Page.ScreenshotOptions options = new Page.ScreenshotOptions().setFullPage(fullPage)
			.setTimeout(timeout.toMillis())
			.setType((format == ImageFormat.JPEG) ? ScreenshotType.JPEG : ScreenshotType.PNG);
		if (format.lossy()) {
			options.setQuality(quality);
		}
		try {
			return this.page.screenshot(options);
		}
		catch (PlaywrightException ex) {
			throw failure(ErrorCode.CAPTURE_FAILED, "Screenshot failed: ", ex);
		}
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

	boolean isClosed() {
		return this.closed;
	}

	private CaptureFailure failure(ErrorCode code, String prefix, PlaywrightException ex) {
		if (!this.browser.isConnected()) {
			return new CaptureFailure(ErrorCode.BROWSER_CRASHED, "The browser stopped during the job", ex);
		}
		return new CaptureFailure(code, prefix + PlaywrightErrors.summary(ex), ex);
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
			case DOMCONTENTLOADED -> WaitUntilState.DOMCONTENTLOADED;
			case LOAD -> WaitUntilState.LOAD;
			case NETWORKIDLE -> WaitUntilState.NETWORKIDLE;
		};
	}

}
