package dev.screenshots.worker.blocking;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.screenshots.model.capture.BlockList;

/**
 * The rules behind the blocking flags: for each {@link BlockList}, AdGuard's filter lists
 * (network rules that stop requests, element-hiding rules that make a style sheet), and
 * for cookie banners also DuckDuckGo's autoconsent script and rules, which recognise a
 * consent platform and answer it.
 *
 * <p>
 * The files come with the build ({@code blocking/} on the class path, see the
 * capture-worker's pom) and are read once per process: in the background at start-up
 * unless {@code capture.blocking.preload} is off, else when a job first needs them. How
 * long each took is logged and exported as {@code capture_blocking_list_load_seconds}.
 */
@Component
public final class BlockingRules {

	private static final Logger log = LoggerFactory.getLogger(BlockingRules.class);

	/** AdGuard's filter ids behind each flag (docs/capture.md lists them by name). */
	static final Map<BlockList, List<Integer>> FILTERS = new EnumMap<>(Map.of(BlockList.ADS, List.of(2, 19),
			BlockList.TRACKERS, List.of(3), BlockList.COOKIE_BANNERS, List.of(18), BlockList.CHATS, List.of(22)));

	private final Map<Integer, FilterList> loaded = new ConcurrentHashMap<>();

	private final Map<Integer, Double> loadSeconds = new ConcurrentHashMap<>();

	private final Map<List<BlockList>, String> genericCss = new ConcurrentHashMap<>();

	private volatile String consentScript;

	private volatile String consentRules;

	private volatile ConsentRules compactConsentRules;

	private volatile ConsentMarkers consentMarkers;

	/**
	 * Rules read when first needed, without metrics (tests, tools).
	 */
	public BlockingRules() {
	}

	/**
	 * The worker's rules.
	 * @param properties whether to read them at start-up
	 * @param registry where the load times go
	 */
	@Autowired
	public BlockingRules(BlockingProperties properties, MeterRegistry registry) {
		for (List<Integer> ids : FILTERS.values()) {
			for (int id : ids) {
				Gauge.builder("capture_blocking_list_load_seconds", () -> this.loadSeconds.getOrDefault(id, Double.NaN))
					.description("How long reading a filter list took at start-up or first use")
					.tag("list", String.valueOf(id))
					.register(registry);
			}
		}
		if (properties.preload()) {
			Thread.ofVirtual().name("blocking-lists-preload").start(this::preload);
		}
	}

	private void preload() {
		try {
			FILTERS.values().forEach((ids) -> ids.forEach(this::filter));
			consentScript();
			compactConsentRules();
			consentMarkers();
		}
		catch (RuntimeException ex) {
			log.warn("Reading the blocking lists failed", ex);
		}
		// Reading the lists allocates several times what they keep (the rulesets' JSON
		// trees). One full collection now lets the heap shrink to about 1.4 times its
		// live
		// data at once (jvm.options' MaxHeapFreeRatio), not only at the first collection
		// that metaspace's or the code cache's growth brings, a minute or more after the
		// start (docs/performance.md, "The heap after start-up").
		System.gc();
	}

	/**
	 * The first list (in {@link BlockList} order) of {@code enabled} that blocks a
	 * request.
	 * @param request the request
	 * @param enabled the lists the job switched on
	 * @return the list, or empty
	 */
	public Optional<BlockList> blockedBy(NetworkRequest request, List<BlockList> enabled) {
		for (BlockList list : enabled) {
			for (int id : FILTERS.get(list)) {
				if (filter(id).network().blocks(request)) {
					return Optional.of(list);
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * The style sheet that hides what the lists name on a page.
	 * @param enabled the lists the job switched on
	 * @param host the page's host
	 * @param ids the ids on the page
	 * @param classes the classes on the page
	 * @return CSS, one rule per selector; empty when nothing applies
	 */
	public String stylesheet(List<BlockList> enabled, String host, Set<String> ids, Set<String> classes) {
		return genericStylesheet(enabled, host) + hostStylesheet(enabled, host)
				+ namesStylesheet(enabled, host, ids, classes);
	}

	/**
	 * The part of the style sheet that applies to every page (see
	 * {@link CosmeticRules#generic}): most of it (about 50 KB with every list), and the
	 * same for every job with the same lists, so a sandbox puts it in place before its
	 * page loads.
	 * @param enabled the lists the job switched on
	 * @return CSS, one rule per selector
	 */
	public String genericStylesheet(List<BlockList> enabled) {
		return this.genericCss.computeIfAbsent(List.copyOf(enabled), (lists) -> {
			StringBuilder css = new StringBuilder();
			for (BlockList list : lists) {
				for (int id : FILTERS.get(list)) {
					css(css, filter(id).cosmetic().generic());
				}
			}
			return css.toString();
		});
	}

	/**
	 * The generic part for one host: {@link #genericStylesheet(List)} less the selectors
	 * the host excepts.
	 * @param enabled the lists the job switched on
	 * @param host the page's host
	 * @return CSS, one rule per selector
	 */
	public String genericStylesheet(List<BlockList> enabled, String host) {
		if (!exceptsGeneric(enabled, host)) {
			return genericStylesheet(enabled);
		}
		StringBuilder css = new StringBuilder();
		for (BlockList list : enabled) {
			for (int id : FILTERS.get(list)) {
				CosmeticRules rules = filter(id).cosmetic();
				Set<String> selectors = rules.generic();
				selectors.removeAll(rules.genericExceptedOn(host));
				css(css, selectors);
			}
		}
		return css.toString();
	}

	/**
	 * Whether a host excepts any of the generic selectors, so that the style sheet put in
	 * place before its page loaded must be replaced.
	 * @param enabled the lists the job switched on
	 * @param host the page's host
	 * @return whether it does
	 */
	public boolean exceptsGeneric(List<BlockList> enabled, String host) {
		for (BlockList list : enabled) {
			for (int id : FILTERS.get(list)) {
				if (!filter(id).cosmetic().genericExceptedOn(host).isEmpty()) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * The host's own part of the style sheet (see {@link CosmeticRules#forHost}), which
	 * can go to the page before its names are known.
	 * @param enabled the lists the job switched on
	 * @param host the page's host
	 * @return CSS, one rule per selector
	 */
	public String hostStylesheet(List<BlockList> enabled, String host) {
		StringBuilder css = new StringBuilder();
		for (BlockList list : enabled) {
			for (int id : FILTERS.get(list)) {
				css(css, filter(id).cosmetic().forHost(host));
			}
		}
		return css.toString();
	}

	/**
	 * The part of the style sheet for the page's classes and ids (see
	 * {@link CosmeticRules#forNames}).
	 * @param enabled the lists the job switched on
	 * @param host the page's host
	 * @param ids the ids on the page
	 * @param classes the classes on the page
	 * @return CSS, one rule per selector; empty when nothing applies
	 */
	public String namesStylesheet(List<BlockList> enabled, String host, Set<String> ids, Set<String> classes) {
		StringBuilder css = new StringBuilder();
		for (BlockList list : enabled) {
			for (int id : FILTERS.get(list)) {
				css(css, filter(id).cosmetic().forNames(host, ids, classes));
			}
		}
		return css.toString();
	}

	private static void css(StringBuilder css, Set<String> selectors) {
		for (String selector : selectors) {
			css.append(selector).append("{display:none!important}\n");
		}
	}

	/**
	 * Reads every list now, for tools that report the cost.
	 */
	public void loadAll() {
		FILTERS.values().forEach((ids) -> ids.forEach(this::filter));
	}

	/**
	 * @return autoconsent's content script for Playwright
	 */
	public String consentScript() {
		String script = this.consentScript;
		if (script == null) {
			script = text("blocking/autoconsent/autoconsent.playwright.js");
			this.consentScript = script;
		}
		return script;
	}

	/**
	 * The consent rules a frame needs, as autoconsent's Playwright runner hands them out:
	 * for "reject", the compact rules that can run in the frame (the generic ones, the
	 * frame ones in a sub-frame, and the site rules whose URL pattern matches); for
	 * "accept", every rule in full (the compact form leaves out the opt-in steps).
	 * @param url the frame's URL
	 * @param mainFrame whether it is the top frame
	 * @param optIn whether the answer is "accept"
	 * @return the {@code rules} member of autoconsent's {@code initResp} message
	 */
	public String consentRules(String url, boolean mainFrame, boolean optIn) {
		return optIn ? consentRules() : compactConsentRules().forFrame(url, mainFrame);
	}

	/**
	 * What on a page says a consent platform may be there (see {@link ConsentMarkers}).
	 * @return the markers
	 */
	public ConsentMarkers consentMarkers() {
		ConsentMarkers markers = this.consentMarkers;
		if (markers == null) {
			markers = ConsentMarkers.parse(consentRules());
			this.consentMarkers = markers;
		}
		return markers;
	}

	/**
	 * Whether a page may show a consent platform that autoconsent answers: its site has
	 * rules of its own, or its ids and classes include a platform's marker. A page that
	 * has neither may still have a marker that is not an id or a class
	 * ({@link ConsentMarkers#selectors()}, {@link ConsentMarkers#globals()}), which only
	 * the page can tell.
	 * @param url the page's URL
	 * @param ids the page's ids
	 * @param classes the page's classes
	 * @return whether it may
	 */
	public boolean consentMayShow(String url, Set<String> ids, Set<String> classes) {
		return compactConsentRules().hasSiteRules(url) || consentMarkers().namedIn(ids, classes);
	}

	private ConsentRules compactConsentRules() {
		ConsentRules rules = this.compactConsentRules;
		if (rules == null) {
			rules = ConsentRules.parse(text("blocking/autoconsent/compact-rules.json"));
			this.compactConsentRules = rules;
		}
		return rules;
	}

	/**
	 * @return autoconsent's rules in full, {@code {"autoconsent": [...]}}
	 */
	public String consentRules() {
		String rules = this.consentRules;
		if (rules == null) {
			rules = text("blocking/autoconsent/rules.json");
			this.consentRules = rules;
		}
		return rules;
	}

	/**
	 * One list, read on first use.
	 * @param id AdGuard's filter id
	 * @return the list
	 */
	FilterList filter(int id) {
		FilterList list = this.loaded.get(id);
		if (list != null) {
			return list;
		}
		synchronized (this) {
			return this.loaded.computeIfAbsent(id, this::read);
		}
	}

	private FilterList read(int id) {
		String resource = "blocking/adguard/ruleset_" + id + ".json";
		long start = System.nanoTime();
		try (InputStream in = open(resource)) {
			FilterList list = FilterList.read(in);
			double seconds = (System.nanoTime() - start) / 1e9;
			this.loadSeconds.put(id, seconds);
			log.info("Read filter list {} ({}): {} network rules, {} hiding rules in {} ms", id, list.name(),
					list.network().size(), list.cosmetic().size(),
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
			return list;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + resource, ex);
		}
	}

	private static String text(String resource) {
		try (InputStream in = open(resource)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + resource, ex);
		}
	}

	private static InputStream open(String resource) throws IOException {
		InputStream in = BlockingRules.class.getClassLoader().getResourceAsStream(resource);
		if (in == null) {
			throw new IOException(resource + " is not on the class path; the build puts it there (mvn package)");
		}
		return in;
	}

}
