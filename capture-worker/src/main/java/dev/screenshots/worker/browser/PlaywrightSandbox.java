package dev.screenshots.worker.browser;

import java.time.Duration;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.ScreenshotType;
import com.microsoft.playwright.options.WaitUntilState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.screenshots.model.capture.ImageFormat;
import dev.screenshots.model.capture.WaitUntil;
import dev.screenshots.model.job.ErrorCode;
import dev.screenshots.worker.CaptureFailure;

/**
 * A {@link Sandbox} backed by a fresh Playwright {@link BrowserContext}: no cookies,
 * storage, cache or permissions shared with any other job, and downloads refused.
 */
final class PlaywrightSandbox implements Sandbox {

	private static final Logger log = LoggerFactory.getLogger(PlaywrightSandbox.class);

	private final Browser browser;

	private final BrowserContext context;

	private final Page page;

	private boolean closed;

	private PlaywrightSandbox(Browser browser, BrowserContext context, Page page) {
		this.browser = browser;
		this.context = context;
		this.page = page;
	}

	static PlaywrightSandbox open(Browser browser, SandboxSpec spec) {
		BrowserContext context = null;
		try {
			context = browser.newContext(new Browser.NewContextOptions().setViewportSize(spec.width(), spec.height())
				.setAcceptDownloads(false)
				.setServiceWorkers(com.microsoft.playwright.options.ServiceWorkerPolicy.BLOCK));
			Page page = context.newPage();
			return new PlaywrightSandbox(browser, context, page);
		}
		catch (PlaywrightException ex) {
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
			return new PageLoad((response != null) ? response.status() : null, this.page.url());
		}
		catch (TimeoutError ex) {
			throw new CaptureFailure(ErrorCode.NAVIGATION_TIMEOUT,
					"The page did not reach '" + waitUntil.value() + "' within " + timeout.toMillis() + " ms", ex);
		}
		catch (PlaywrightException ex) {
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
	public void close() {
		if (!this.closed) {
			this.closed = true;
			closeQuietly(this.context);
		}
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
