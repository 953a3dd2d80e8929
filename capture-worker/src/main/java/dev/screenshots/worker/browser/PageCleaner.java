package dev.screenshots.worker.browser;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.Gson;
import com.microsoft.playwright.Page;

import dev.screenshots.model.capture.BlockList;
import dev.screenshots.worker.blocking.BlockingRules;
import dev.screenshots.worker.blocking.NetworkRequest;

/**
 * Clears what the job's blocking flags name from the loaded page, just before the
 * capture: waits (within the time limit) for the consent platform to be answered, hides
 * the elements the lists' element-hiding rules name, and, for cookie banners, lets a page
 * that a consent wall had locked scroll again and takes away the blur behind it. The
 * rules that apply to every page are in place from the start of each document.
 */
final class PageCleaner {

	/**
	 * Puts the generic part of the style sheet in place in every document of the context
	 * before the page's own scripts run, as content blockers do: an adopted style sheet
	 * needs no element, so it is there before the parser has made one, and the page's
	 * markup cannot remove it. The sheet is kept where {@link #HOST_STYLE_AND_NAMES}
	 * finds it.
	 */
	private static final String GENERIC_STYLE = """
			(() => {
			  const sheet = new CSSStyleSheet();
			  sheet.replaceSync(%s);
			  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
			  Object.defineProperty(window, '__screenshotsHiding', { value: sheet });
			})();""";

	/**
	 * Makes sure the generic part is in place (replacing it when the host excepts some of
	 * it, or adding it when no init script ran, without JavaScript), adds the host's part
	 * and answers the ids and classes on the page, which decide the rest: one round trip.
	 */
	private static final String HOST_STYLE_AND_NAMES = """
			({ generic, css }) => {
			  const add = (text) => {
			    const style = document.createElement('style');
			    style.textContent = text;
			    (document.head || document.documentElement).appendChild(style);
			  };
			  const sheet = window.__screenshotsHiding;
			  if (sheet && !document.adoptedStyleSheets.includes(sheet)) {
			    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
			  }
			  if (generic !== null) {
			    if (sheet) sheet.replaceSync(generic); else add(generic);
			  }
			  if (css) add(css);
			  const ids = new Set(), classes = new Set();
			  for (const element of document.querySelectorAll('[id],[class]')) {
			    if (element.id) ids.add(element.id);
			    if (element.classList) for (const name of element.classList) classes.add(name);
			    if (ids.size + classes.size > 50000) break;
			  }
			  return { ids: [...ids], classes: [...classes] };
			}""";

	private static final String ADD_STYLE = """
			(css) => {
			  const style = document.createElement('style');
			  style.textContent = css;
			  (document.head || document.documentElement).appendChild(style);
			}""";

	/**
	 * A consent wall locks scrolling ({@code overflow: hidden} or a fixed body) and blurs
	 * the page behind it; once the wall is gone or hidden, undo both.
	 */
	private static final String UNLOCK = """
			() => {
			  for (const element of [document.documentElement, document.body]) {
			    if (!element) continue;
			    const style = getComputedStyle(element);
			    if (style.overflow === 'hidden' || style.overflowY === 'hidden') {
			      element.style.setProperty('overflow', 'visible', 'important');
			      element.style.setProperty('overflow-y', 'visible', 'important');
			    }
			    if (element === document.body && style.position === 'fixed') {
			      element.style.setProperty('position', 'static', 'important');
			    }
			  }
			  for (const element of [document.documentElement, document.body, ...(document.body ? document.body.children : [])]) {
			    if (element && /blur\\(/.test(getComputedStyle(element).filter)) {
			      element.style.setProperty('filter', 'none', 'important');
			    }
			  }
			}""";

	/** How long the consent platform may take to be answered, at most. */
	private static final Duration CONSENT_LIMIT = Duration.ofSeconds(10);

	private final Page page;

	private final BlockingRules rules;

	private final List<BlockList> lists;

	private final ConsentAutomation consent;

	private final boolean genericInPlace;

	/**
	 * Puts the generic part of the lists' style sheet in the page's context (when
	 * JavaScript runs there), before the job's page loads.
	 * @param page the job's page
	 * @param rules the rules behind the flags
	 * @param lists the lists the job switched on
	 * @param javaScript whether JavaScript runs in the context
	 * @param consent the consent automation, or {@code null} without
	 * {@code blockCookieBanners}
	 */
	PageCleaner(Page page, BlockingRules rules, List<BlockList> lists, boolean javaScript, ConsentAutomation consent) {
		this.page = page;
		this.rules = rules;
		this.lists = lists;
		this.consent = consent;
		this.genericInPlace = !lists.isEmpty() && javaScript;
		if (this.genericInPlace) {
			page.context().addInitScript(GENERIC_STYLE.formatted(new Gson().toJson(rules.genericStylesheet(lists))));
		}
	}

	/**
	 * Clears the page.
	 * @param timeout the longest the consent platform's answer may be waited for
	 */
	@SuppressWarnings("unchecked")
	void clear(Duration timeout) {
		if (this.lists.isEmpty()) {
			return;
		}
		if (this.consent != null) {
			this.consent.awaitAnswer(this.page, (timeout.compareTo(CONSENT_LIMIT) < 0) ? timeout : CONSENT_LIMIT);
		}
		String host = NetworkRequest.hostOf(this.page.url());
		Map<String, Object> styles = new HashMap<>();
		styles.put("generic", (!this.genericInPlace || this.rules.exceptsGeneric(this.lists, host))
				? this.rules.genericStylesheet(this.lists, host) : null);
		styles.put("css", this.rules.hostStylesheet(this.lists, host));
		Map<String, Object> names = (Map<String, Object>) this.page.evaluate(HOST_STYLE_AND_NAMES, styles);
		String css = this.rules.namesStylesheet(this.lists, host, strings(names.get("ids")),
				strings(names.get("classes")));
		if (!css.isEmpty()) {
			this.page.evaluate(ADD_STYLE, css);
		}
		if (this.lists.contains(BlockList.COOKIE_BANNERS)) {
			this.page.evaluate(UNLOCK);
		}
	}

	private static Set<String> strings(Object values) {
		Set<String> result = new HashSet<>();
		if (values instanceof List<?> list) {
			for (Object value : list) {
				result.add(String.valueOf(value));
			}
		}
		return result;
	}

}
