package dev.screenshots.worker.browser;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;

import dev.screenshots.model.capture.BlockList;
import dev.screenshots.worker.blocking.BlockingRules;
import dev.screenshots.worker.blocking.ConsentMarkers;
import dev.screenshots.worker.blocking.NetworkRequest;

/**
 * Clears what the job's blocking flags name from the loaded page, just before the
 * capture: answers the consent platform (within the time limit) when the page shows a
 * marker of one (see {@link ConsentMarkers}), hides the elements the lists'
 * element-hiding rules name, and, for cookie banners, lets a page that a consent wall had
 * locked scroll again and takes away the blur behind it. The rules that apply to every
 * page are in place from the start of each document (with JavaScript on; without, they
 * are written with the rest). The cleaning reads the page in the call that lets it settle
 * ({@link #reading()}, {@link PageRenderer#settle}), each call into a loaded page costing
 * milliseconds of its own; only when there is something to write (rules for the page's
 * host or names, a consent wall's lock to undo, or a consent platform answered) is there
 * a second call, which writes and lets the page settle again.
 */
final class PageCleaner {

	/**
	 * Puts the generic part of the style sheet in place in every document of the context
	 * before the page's own scripts run, as content blockers do: an adopted style sheet
	 * needs no element, so it is there before the parser has made one, and the page's
	 * markup cannot remove it. The sheet is kept where {@link #APPLY} finds it. The empty
	 * document a new page starts with is left alone: Playwright runs the script in it at
	 * once, and parsing the sheet there (about 6 ms on this machine kind) would make
	 * every sandbox with the flags slower to open for a document nobody sees.
	 */
	private static final String GENERIC_STYLE = """
			(() => {
			  if (window === window.top && location.href === 'about:blank') return;
			  const sheet = new CSSStyleSheet();
			  sheet.replaceSync(%s);
			  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
			  Object.defineProperty(window, '__screenshotsHiding', { value: sheet });
			})();""";

	/**
	 * What a consent wall does to the page, for {@link #READ} to find and {@link #APPLY}
	 * to undo: scrolling stopped ({@code overflow: hidden} on the root or the body, or a
	 * fixed body) and the page blurred behind it.
	 */
	private static final String WALL = """
			  const roots = [document.documentElement, document.body].filter(Boolean);
			  const scrollLocked = (element) => {
			    const style = getComputedStyle(element);
			    return style.overflow === 'hidden' || style.overflowY === 'hidden';
			  };
			  const bodyFixed = () => document.body !== null && getComputedStyle(document.body).position === 'fixed';
			  const blurred = () => [...roots, ...(document.body ? document.body.children : [])]
			    .filter((element) => /blur\\(/.test(getComputedStyle(element).filter));
			""";

	/**
	 * Answers the ids and classes on the page, which decide the hiding rules that apply
	 * to it; when asked ({@code markers}), whether one of the consent markers that are
	 * neither ids nor classes is on the page; and, when asked ({@code wall}), whether a
	 * consent wall locked the page ({@link #WALL}). The markers are written into the
	 * function ({@link #read}), not passed to it: the same for every page, and an
	 * argument costs more to carry into the page than the function's own text (about 0.5
	 * ms a call on this machine kind, for 41 selectors).
	 */
	private static final String READ = """
			({ markers, wall }) => {
			  const selectors = markers ? SELECTORS : [];
			  const globals = markers ? GLOBALS : [];
			""" + WALL + """
			  const ids = new Set(), classes = new Set();
			  for (const element of document.querySelectorAll('[id],[class]')) {
			    if (element.id) ids.add(element.id);
			    if (element.classList) for (const name of element.classList) classes.add(name);
			    if (ids.size + classes.size > 50000) break;
			  }
			  const present = (selector) => {
			    try {
			      return selector.startsWith('xpath/')
			        ? document.evaluate(selector.slice(6), document, null,
			            XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue !== null
			        : document.querySelector(selector) !== null;
			    } catch (e) {
			      return false;
			    }
			  };
			  const marked = globals.some((name) => window[name] !== undefined) || selectors.some(present);
			  const locked = wall && (roots.some(scrollLocked) || bodyFixed() || blurred().length > 0);
			  return { ids: [...ids], classes: [...classes], marked, locked };
			}""";

	/**
	 * Makes sure the generic part is in place (replacing it when the host excepts some of
	 * it, or adding it when no init script ran, without JavaScript), adds the rest of the
	 * style sheet, and, for cookie banners, undoes what a consent wall did to the page:
	 * {@link #WALL}.
	 */
	private static final String APPLY = """
			({ generic, css, unlock }) => {
			""" + WALL + """
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
			  if (!unlock) return;
			  for (const element of roots.filter(scrollLocked)) {
			    element.style.setProperty('overflow', 'visible', 'important');
			    element.style.setProperty('overflow-y', 'visible', 'important');
			  }
			  if (bodyFixed()) document.body.style.setProperty('position', 'static', 'important');
			  for (const element of blurred()) element.style.setProperty('filter', 'none', 'important');
			}""";

	/**
	 * The init script of each set of lists, made once: it is the same for every job with
	 * those lists (every {@link BlockingRules} reads the same files), and about 51 KB
	 * with the four.
	 */
	private static final Map<List<BlockList>, String> GENERIC_SCRIPTS = new ConcurrentHashMap<>();

	/** {@link #read}, once made. */
	private static volatile String READ_WITH_MARKERS;

	/** A JavaScript string literal without HTML escapes (the script is no HTML). */
	private static final Gson JSON = new GsonBuilder().disableHtmlEscaping().create();

	/** How long the consent platform may take to be answered, at most. */
	private static final Duration CONSENT_LIMIT = Duration.ofSeconds(10);

	private final Page page;

	private final BlockingRules rules;

	private final List<BlockList> lists;

	private final ConsentAutomation consent;

	private final boolean genericInPlace;

	/**
	 * @param page the job's page, in a context {@link #prepare} prepared
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
		this.genericInPlace = genericInPlace(lists, javaScript);
	}

	/**
	 * Puts the generic part of the lists' style sheet in the context (when JavaScript
	 * runs there), before its page is made.
	 * @param context the job's context
	 * @param rules the rules behind the flags
	 * @param lists the lists the job switched on
	 * @param javaScript whether JavaScript runs in the context
	 */
	static void prepare(BrowserContext context, BlockingRules rules, List<BlockList> lists, boolean javaScript) {
		if (genericInPlace(lists, javaScript)) {
			context.addInitScript(GENERIC_SCRIPTS.computeIfAbsent(List.copyOf(lists),
					(key) -> GENERIC_STYLE.formatted(JSON.toJson(rules.genericStylesheet(key)))));
		}
	}

	/**
	 * Whether the generic part is put in place by an init script: it needs JavaScript.
	 */
	private static boolean genericInPlace(List<BlockList> lists, boolean javaScript) {
		return !lists.isEmpty() && javaScript;
	}

	/**
	 * The reading the cleaning starts from, to be called in the page once it settled: its
	 * ids and classes, the consent platforms' markers, a consent wall's lock.
	 * @return the reading, or {@code null} when no list is switched on (nothing to clear)
	 */
	PageScript reading() {
		return this.lists.isEmpty() ? null : new PageScript(read(this.rules), probe(this.consent != null));
	}

	/**
	 * Clears the page from what {@link #reading()} answered: answers its consent platform
	 * when it may have one (and reads the names again), then says what to write. The
	 * write is left to the caller, to be made in the call into the page that lets the
	 * page settle again: hiding elements and unlocking a wall move what is in the
	 * captured area.
	 * @param reading what the reading answered
	 * @param timeout the longest the consent platform's answer may be waited for
	 * @return the hiding rules and the unlocking to put in place, or {@code null} when
	 * the page is as the reading found it (nothing to write, no consent platform
	 * answered)
	 */
	PageScript clear(Object reading, Duration timeout) {
		if (this.lists.isEmpty()) {
			return null;
		}
		Names names = names(reading);
		boolean answered = false;
		if (this.consent != null
				&& (names.marked() || this.rules.consentMayShow(this.page.url(), names.ids(), names.classes()))) {
			this.consent.answer(this.page, (timeout.compareTo(CONSENT_LIMIT) < 0) ? timeout : CONSENT_LIMIT);
			answered = true;
			names = names(this.page.evaluate(read(this.rules), probe(false)));
		}
		String host = NetworkRequest.hostOf(this.page.url());
		String generic = (!this.genericInPlace || this.rules.exceptsGeneric(this.lists, host))
				? this.rules.genericStylesheet(this.lists, host) : null;
		String css = this.rules.hostStylesheet(this.lists, host)
				+ this.rules.namesStylesheet(this.lists, host, names.ids(), names.classes());
		boolean unlock = names.locked();
		if (generic == null && css.isEmpty() && !unlock && !answered) {
			// nothing to write: the generic rules are in place and the page is not locked
			return null;
		}
		Map<String, Object> apply = new HashMap<>();
		apply.put("generic", generic);
		apply.put("css", css);
		apply.put("unlock", unlock);
		return new PageScript(APPLY, apply);
	}

	/**
	 * {@link #READ} with the consent markers of the rules written in, made once: every
	 * {@link BlockingRules} reads the same files.
	 */
	private static String read(BlockingRules rules) {
		String read = READ_WITH_MARKERS;
		if (read == null) {
			ConsentMarkers markers = rules.consentMarkers();
			// put in place of the two names, not formatted (the script may hold a %);
			// the later name first, so that what goes in cannot be taken for a name
			read = READ;
			int globals = read.lastIndexOf("GLOBALS");
			read = read.substring(0, globals) + JSON.toJson(markers.globals()) + read.substring(globals + 7);
			int selectors = read.indexOf("SELECTORS");
			read = read.substring(0, selectors) + JSON.toJson(markers.selectors()) + read.substring(selectors + 9);
			READ_WITH_MARKERS = read;
		}
		return read;
	}

	/**
	 * The argument of {@link #READ}: whether to look for the consent markers, and whether
	 * to look for a consent wall's lock.
	 */
	private Map<String, Object> probe(boolean consentMarkers) {
		Map<String, Object> probe = new HashMap<>();
		probe.put("markers", consentMarkers);
		probe.put("wall", this.lists.contains(BlockList.COOKIE_BANNERS));
		return probe;
	}

	@SuppressWarnings("unchecked")
	private static Names names(Object reading) {
		Map<String, Object> result = (reading instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
		return new Names(strings(result.get("ids")), strings(result.get("classes")),
				Boolean.TRUE.equals(result.get("marked")), Boolean.TRUE.equals(result.get("locked")));
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

	/**
	 * The ids and classes on the page, whether a consent marker that is neither was
	 * found, and whether a consent wall locked the page (only looked for with
	 * {@code blockCookieBanners}).
	 */
	private record Names(Set<String> ids, Set<String> classes, boolean marked, boolean locked) {
	}

}
