package dev.screenshots.worker.browser;

import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Page;

/**
 * Reads what a loaded page shows that a client may want to act on: its visible text (for
 * content checks), whether it is a known bot-challenge or captcha page, and whether a
 * known consent platform's banner or wall is on screen.
 *
 * <p>
 * The signatures are the vendors' own, stable element ids, class names, script hosts and
 * titles. They are kept here, few and documented, because no maintained package carries
 * challenge-page signatures. With {@code blockCookieBanners} the platforms are answered
 * by an established rule set ({@link ConsentAutomation}); this check only says whether a
 * banner is still on screen when the picture is taken.
 */
final class PageInspector {

	/** The longest visible text read, in characters. */
	static final int MAX_TEXT = 1_000_000;

	/** Bot-challenge and captcha interstitials, by vendor. */
	private static final String CHALLENGE = """
			() => {
			  const title = document.title || '';
			  const has = (selector) => document.querySelector(selector) !== null;
			  const src = (needle) => [...document.querySelectorAll('script[src], iframe[src]')]
			      .some((element) => element.src.includes(needle));
			  const text = (document.body && document.body.innerText) || '';
			  if (title === 'Just a moment...' || title.startsWith('Attention Required! | Cloudflare')
			      || has('#challenge-form') || has('#cf-challenge-running') || src('/cdn-cgi/challenge-platform/')) {
			    return 'Cloudflare';
			  }
			  if (src('captcha-delivery.com')) return 'DataDome';
			  if (has('#px-captcha') || title === 'Access to this page has been denied') return 'HUMAN (PerimeterX)';
			  if (text.includes('Incapsula incident ID') || src('_Incapsula_Resource')) return 'Imperva';
			  if (src('captcha.awswaf.com') || src('token.awswaf.com')) return 'AWS WAF';
			  if (title === 'Access Denied' && text.includes('Reference #')) return 'Akamai';
			  return null;
			}""";

	/**
	 * Consent platforms by the element of their banner or wall, which must be on screen.
	 */
	private static final Map<String, List<String>> CONSENT_PLATFORMS = Map.ofEntries(
			Map.entry("OneTrust", List.of("#onetrust-banner-sdk", "#onetrust-pc-sdk")),
			Map.entry("Cookiebot", List.of("#CybotCookiebotDialog")),
			Map.entry("Didomi", List.of("#didomi-notice", "#didomi-popup .didomi-popup-container")),
			Map.entry("Quantcast", List.of("#qc-cmp2-ui", ".qc-cmp2-container")),
			Map.entry("TrustArc", List.of("#truste-consent-track", "#consent_blackbar", ".truste_box_overlay")),
			Map.entry("Usercentrics", List.of("#usercentrics-root", "#uc-banner", "#usercentrics-cmp-ui")),
			Map.entry("Sourcepoint", List.of("[id^='sp_message_container']", "iframe[id^='sp_message_iframe']")),
			Map.entry("Osano", List.of(".osano-cm-dialog:not(.osano-cm-dialog--hidden)")),
			Map.entry("Complianz", List.of(".cmplz-cookiebanner:not(.cmplz-hidden)")),
			Map.entry("Klaro", List.of(".klaro .cookie-notice", ".klaro .cookie-modal")),
			Map.entry("CookieYes", List.of(".cky-consent-container:not(.cky-hide)")));

	private static final String CONSENT = """
			(platforms) => {
			  const shown = (element) => {
			    const style = getComputedStyle(element);
			    const box = element.getBoundingClientRect();
			    return style.display !== 'none' && style.visibility !== 'hidden' && Number(style.opacity) > 0
			        && box.width > 0 && box.height > 0;
			  };
			  for (const [name, selectors] of Object.entries(platforms)) {
			    for (const selector of selectors) {
			      if ([...document.querySelectorAll(selector)].some(shown)) return name;
			    }
			  }
			  return null;
			}""";

	private final Page page;

	PageInspector(Page page) {
		this.page = page;
	}

	/**
	 * The page's visible text ({@code innerText} of the body), at most {@link #MAX_TEXT}
	 * characters.
	 * @return the text, empty for a page without a body
	 */
	String visibleText() {
		Object text = this.page.evaluate("(max) => (document.body ? document.body.innerText : '').slice(0, max)",
				MAX_TEXT);
		return (text != null) ? text.toString() : "";
	}

	/**
	 * The vendor of the bot-challenge or captcha page this is, if it is one.
	 * @return e.g. {@code Cloudflare}, or {@code null}
	 */
	String challenge() {
		return (String) this.page.evaluate(CHALLENGE);
	}

	/**
	 * The consent platform whose banner or wall is on screen, if any.
	 * @return e.g. {@code OneTrust}, or {@code null}
	 */
	String consentPlatform() {
		return (String) this.page.evaluate(CONSENT, CONSENT_PLATFORMS);
	}

}
