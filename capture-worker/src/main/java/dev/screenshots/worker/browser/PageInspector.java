package dev.screenshots.worker.browser;

import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;

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

	/**
	 * Reads what the page shows, without failing: see {@link #seen()}.
	 */
	private static final String SEEN = """
			(platforms) => {
			  const read = (reading) => {
			    try {
			      const value = reading();
			      return (typeof value === 'string') ? value : null;
			    } catch (e) {
			      return null;
			    }
			  };
			  return { title: read(() => document.title), challenge: read(%s),
			      consentPlatform: read(() => (%s)(platforms)) };
			}""".formatted(CHALLENGE, CONSENT);

	/**
	 * The page's metadata: title, description, language, canonical URL, icons (resolved
	 * to absolute URLs; the default {@code /favicon.ico} when the page names none), Open
	 * Graph and Twitter card fields (first value of each; image and URL fields resolved),
	 * each value at most 2,000 characters.
	 */
	private static final String METADATA = """
			() => {
			  const limit = (value) => (value == null) ? null : String(value).trim().slice(0, 2000);
			  const absolute = (href) => {
			    if (href == null || href.trim() === '') return null;
			    try { return new URL(href.trim(), document.baseURI).href; } catch (e) { return limit(href); }
			  };
			  const content = (selector) => {
			    const element = document.querySelector(selector);
			    return element ? limit(element.getAttribute('content')) : null;
			  };
			  const fields = (prefix) => {
			    const found = {};
			    for (const element of document.querySelectorAll('meta[property], meta[name]')) {
			      const key = (element.getAttribute('property') || element.getAttribute('name') || '').trim();
			      if (!key.toLowerCase().startsWith(prefix) || key.length === prefix.length) continue;
			      const name = key.slice(prefix.length);
			      if (name in found) continue;
			      const value = element.getAttribute('content');
			      found[name] = /(^|:)(image|url|video|audio)(:url|:secure_url)?$/i.test(name) ? absolute(value) : limit(value);
			    }
			    return found;
			  };
			  const icons = [...document.querySelectorAll('link[rel][href]')]
			    .filter((link) => /(^|\\s)(icon|apple-touch-icon|apple-touch-icon-precomposed|mask-icon)(\\s|$)/i.test(link.getAttribute('rel')))
			    .map((link) => ({ rel: link.getAttribute('rel').toLowerCase(), href: absolute(link.getAttribute('href')),
			                      sizes: limit(link.getAttribute('sizes')), type: limit(link.getAttribute('type')) }));
			  const icon = icons.find((entry) => /(^|\\s)icon(\\s|$)/.test(entry.rel));
			  const canonical = document.querySelector('link[rel~="canonical" i][href]');
			  let favicon = icon ? icon.href : null;
			  if (!favicon && /^https?:$/.test(location.protocol)) favicon = new URL('/favicon.ico', location.href).href;
			  return {
			    title: limit(document.title),
			    description: content('meta[name="description" i]'),
			    lang: limit(document.documentElement.getAttribute('lang')),
			    canonical: canonical ? absolute(canonical.getAttribute('href')) : null,
			    favicon,
			    icons,
			    openGraph: fields('og:'),
			    twitter: fields('twitter:'),
			  };
			}""";

	/**
	 * The boxes of the elements the selectors match, in pixels of the captured image:
	 * page coordinates less the captured area's origin (the scrolled viewport, the page,
	 * the clip, or the captured element's box as the caller measured it relative to the
	 * viewport), times the device scale factor. Selectors that do not parse and elements
	 * without a box are left out.
	 */
	private static final String BOXES = """
			([selectors, origin, area, scale]) => {
			  let originX = 0, originY = 0;
			  if (origin === 'viewport') { originX = window.scrollX; originY = window.scrollY; }
			  if (origin === 'clip') { originX = area[0]; originY = area[1]; }
			  if (origin === 'element') { originX = area[0] + window.scrollX; originY = area[1] + window.scrollY; }
			  const boxes = [];
			  for (const selector of selectors) {
			    let elements;
			    try { elements = document.querySelectorAll(selector); } catch (e) { continue; }
			    for (const element of elements) {
			      const box = element.getBoundingClientRect();
			      if (box.width <= 0 || box.height <= 0) continue;
			      const x = box.left + window.scrollX - originX, y = box.top + window.scrollY - originY;
			      const left = Math.max(0, Math.floor(x * scale)), top = Math.max(0, Math.floor(y * scale));
			      const right = Math.ceil((x + box.width) * scale), bottom = Math.ceil((y + box.height) * scale);
			      if (right > left && bottom > top) boxes.push([left, top, right - left, bottom - top]);
			    }
			  }
			  return boxes;
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
	 * The DOM as it is now, after the page's scripts ran, serialised as HTML with its
	 * doctype, cut in the page at {@code maxChars} (so a huge DOM never crosses to the
	 * worker whole).
	 * @param maxChars the most characters returned
	 * @return the HTML (perhaps cut), and its whole length in characters
	 */
	Text html(int maxChars) {
		@SuppressWarnings("unchecked")
		List<Object> answer = (List<Object>) this.page.evaluate("""
				(max) => {
				  const doctype = document.doctype ? new XMLSerializer().serializeToString(document.doctype) : '';
				  const html = doctype + (document.documentElement ? document.documentElement.outerHTML : '');
				  return [html.slice(0, max), html.length];
				}""", maxChars);
		return new Text((String) answer.get(0), ((Number) answer.get(1)).longValue());
	}

	/**
	 * Text read from the page, perhaps cut.
	 *
	 * @param text the text
	 * @param length the whole text's length in characters
	 */
	record Text(String text, long length) {
	}

	/**
	 * The page's metadata, for the {@code metadata} artifact.
	 * @return the fields {@link #METADATA} reads, as JSON values
	 */
	@SuppressWarnings("unchecked")
	Map<String, Object> metadata() {
		return (Map<String, Object>) this.page.evaluate(METADATA);
	}

	/**
	 * The boxes of the elements the selectors match, in pixels of the captured image.
	 * @param selectors CSS selectors
	 * @param spec what was captured (its area's origin)
	 * @param scale the device scale factor
	 * @return the boxes as {@code [x, y, width, height]}
	 */
	@SuppressWarnings("unchecked")
	List<List<Number>> boxes(List<String> selectors, CaptureSpec spec, double scale) {
		String origin = (spec.clip() != null) ? "clip"
				: (spec.selector() != null) ? "element" : spec.fullPage() ? "page" : "viewport";
		Object area = "";
		if (spec.clip() != null) {
			area = List.of(spec.clip().x(), spec.clip().y());
		}
		else if (spec.selector() != null) {
			// the captured element as Playwright's selector engine found it for the
			// capture
			BoundingBox box = this.page.locator(spec.selector()).first().boundingBox();
			if (box == null) {
				return List.of();
			}
			area = List.of(box.x, box.y);
		}
		return (List<List<Number>>) this.page.evaluate(BOXES, List.of(selectors, origin, area, scale));
	}

	/**
	 * What the page shows, in one call into it: its title, the vendor of the
	 * bot-challenge or captcha page it is, if it is one (e.g. {@code Cloudflare}), and
	 * the consent platform whose banner or wall is on screen, if any (e.g.
	 * {@code OneTrust}).
	 * @return what the page shows
	 */
	Seen seen() {
		return seen(this.page.evaluate(SEEN, CONSENT_PLATFORMS));
	}

	/**
	 * The reading of {@link #seen()}, for a call into the page that is made anyway.
	 * @return the reading; {@link #seen(Object)} makes sense of its answer
	 */
	static PageScript seeing() {
		return new PageScript(SEEN, CONSENT_PLATFORMS);
	}

	/**
	 * @param answer what {@link #seeing()} answered
	 * @return what the page shows
	 */
	static Seen seen(Object answer) {
		Map<?, ?> seen = (answer instanceof Map<?, ?> map) ? map : Map.of();
		return new Seen(string(seen.get("title")), string(seen.get("challenge")), string(seen.get("consentPlatform")));
	}

	private static String string(Object value) {
		return (value instanceof String text) ? text : null;
	}

	/**
	 * What the page shows.
	 *
	 * @param title its title
	 * @param challenge the vendor of its bot challenge, or {@code null}
	 * @param consentPlatform the consent platform on screen, or {@code null}
	 */
	record Seen(String title, String challenge, String consentPlatform) {
	}

}
