package dev.screenshots.worker.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.Media;
import com.microsoft.playwright.options.Proxy;
import com.microsoft.playwright.options.ReducedMotion;
import com.microsoft.playwright.options.SameSiteAttribute;
import com.microsoft.playwright.options.ServiceWorkerPolicy;

import dev.screenshots.model.capture.Cookie;
import dev.screenshots.model.capture.Emulation;
import dev.screenshots.model.capture.ResolvedOptions;
import dev.screenshots.runtime.security.EgressProxy;

/**
 * Makes a job's browser context and page as its {@link SandboxSpec} describes: viewport,
 * device, locale, time zone, colour scheme, motion and media emulation, extra headers and
 * cookies, and the watch for {@link LazyContent}. Whatever the spec, downloads are
 * refused, service workers blocked, and every request goes through the sandbox's
 * {@link EgressProxy}, loopback included.
 *
 * <p>
 * The context comes first and the page second ({@link #page}), so that what applies to
 * every page of the context (routes, init scripts) is in place before the page is made:
 * Playwright then sets it up with the page, instead of in a call to the browser of its
 * own afterwards (about 5–10 ms each on the browser host).
 */
final class ContextFactory {

	private ContextFactory() {
	}

	/**
	 * Opens a context, without a page yet.
	 * @param browser the slot's browser
	 * @param spec what the page sees
	 * @param egress the proxy every request of the context goes through
	 * @return the context
	 * @throws com.microsoft.playwright.PlaywrightException when the browser fails; a
	 * context made before the failure is closed
	 */
	static BrowserContext open(Browser browser, SandboxSpec spec, EgressProxy egress) {
		BrowserContext context = browser.newContext(options(spec, egress));
		try {
			if (spec.context().javaScriptEnabled()) {
				LazyContent.watch(context);
			}
			if (!spec.context().cookies().isEmpty()) {
				context.addCookies(
						spec.context().cookies().stream().map((cookie) -> cookie(cookie, spec.cookieUrl())).toList());
			}
			return context;
		}
		catch (RuntimeException ex) {
			PlaywrightErrors.closeQuietly(context);
			throw ex;
		}
	}

	/**
	 * Opens the context's one page.
	 * @param context the context {@link #open} made
	 * @param spec what the page sees
	 * @return the page
	 * @throws com.microsoft.playwright.PlaywrightException when the browser fails
	 */
	static Page page(BrowserContext context, SandboxSpec spec) {
		Page page = context.newPage();
		if (spec.context().mediaType() == Emulation.MediaType.PRINT) {
			page.emulateMedia(new Page.EmulateMediaOptions().setMedia(Media.PRINT));
		}
		return page;
	}

	private static Browser.NewContextOptions options(SandboxSpec spec, EgressProxy egress) {
		ResolvedOptions.Viewport viewport = spec.viewport();
		ResolvedOptions.Context page = spec.context();
		Browser.NewContextOptions options = new Browser.NewContextOptions()
			.setViewportSize(viewport.width(), viewport.height())
			.setDeviceScaleFactor(viewport.deviceScaleFactor())
			.setIsMobile(viewport.isMobile())
			.setHasTouch(viewport.hasTouch())
			.setJavaScriptEnabled(page.javaScriptEnabled())
			.setAcceptDownloads(false)
			.setServiceWorkers(ServiceWorkerPolicy.BLOCK)
			// "<-loopback>" removes Chromium's implicit loopback bypass: loopback is
			// checked too
			.setProxy(new Proxy(egress.proxyServer()).setBypass("<-loopback>"));
		if (page.userAgent() != null) {
			options.setUserAgent(page.userAgent());
		}
		if (page.locale() != null) {
			options.setLocale(page.locale());
		}
		if (page.timezoneId() != null) {
			options.setTimezoneId(page.timezoneId());
		}
		if (page.colorScheme() != null) {
			options.setColorScheme(ColorScheme.valueOf(page.colorScheme().name()));
		}
		if (page.reducedMotion() != null) {
			options.setReducedMotion(ReducedMotion.valueOf(page.reducedMotion().name()));
		}
		if (!page.extraHeaders().isEmpty()) {
			options.setExtraHTTPHeaders(page.extraHeaders());
		}
		return options;
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

}
