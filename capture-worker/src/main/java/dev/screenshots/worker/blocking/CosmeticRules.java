package dev.screenshots.worker.blocking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One filter list's element-hiding rules ({@code ##selector}, {@code domain##selector}
 * and their {@code #@#} exceptions), turned into a style sheet for one page.
 *
 * <p>
 * A list holds tens of thousands of generic selectors; a page only needs those that can
 * match it. As uBlock Origin does, each generic selector is filed under one class or id
 * it requires, and a page gets only the selectors filed under the classes and ids it has,
 * plus the few that require neither. Rules in the lists' extended syntax ( {@code #?#},
 * {@code #$#}, scriptlets, {@code :has-text()} and the like) are not CSS and are left
 * out; each selector gets its own CSS rule, so a selector Chromium does not understand
 * drops only itself.
 */
public final class CosmeticRules {

	private static final Pattern EXTENDED = Pattern.compile(
			":-abp-|:contains\\(|:has-text\\(|:matches-css|:xpath\\(|:upward\\(|:remove\\(|:style\\(|:nth-ancestor\\("
					+ "|:min-text-length|:watch-attr|:matches-attr|:if\\(|:if-not\\(|:matches-property|:others\\("
					+ "|:matches-path|:remove-attr|:remove-class|:matches-media");

	private static final Pattern KEY = Pattern.compile("[.#](-?[_a-zA-Z][_a-zA-Z0-9-]*)");

	private final Map<String, List<String>> genericByKey = new HashMap<>();

	private final Set<String> genericUnkeyed = new LinkedHashSet<>();

	private final Map<String, List<String>> byDomain = new HashMap<>();

	private final Set<String> exceptedEverywhere = new HashSet<>();

	private final Map<String, Set<String>> exceptedByDomain = new HashMap<>();

	private int size;

	private CosmeticRules() {
	}

	/**
	 * Reads the element-hiding rules of a filter list's text; other lines are skipped.
	 * @param text the list in Adblock Plus / AdGuard syntax
	 * @return the rules
	 */
	public static CosmeticRules parse(String text) {
		CosmeticRules rules = new CosmeticRules();
		Map<String, String> selectors = new HashMap<>();
		for (String raw : text.split("\n")) {
			rules.add(raw.strip(), selectors);
		}
		rules.freeze();
		return rules;
	}

	/**
	 * Makes every domain's and key's collection an immutable copy: a list's spare
	 * capacity and a hash set's table, over tens of thousands of domains, were most of
	 * what a list kept in memory.
	 */
	private void freeze() {
		this.genericByKey.replaceAll((key, selectors) -> List.copyOf(selectors));
		this.byDomain.replaceAll((domain, selectors) -> List.copyOf(selectors));
		this.exceptedByDomain.replaceAll((domain, selectors) -> Set.copyOf(selectors));
	}

	/**
	 * @return how many hiding rules the list has
	 */
	public int size() {
		return this.size;
	}

	/**
	 * Files one line's rule.
	 * @param line the line
	 * @param selectors every selector read so far, so that a selector many lines name is
	 * kept once
	 */
	private void add(String line, Map<String, String> selectors) {
		if (line.isEmpty() || line.startsWith("!") || line.startsWith("[")) {
			return;
		}
		int hide = line.indexOf("##");
		int except = line.indexOf("#@#");
		boolean exception = except >= 0 && (hide < 0 || except < hide);
		int at = exception ? except : hide;
		if (at < 0) {
			return;
		}
		String domains = line.substring(0, at);
		String text = line.substring(at + (exception ? 3 : 2)).strip();
		if (text.isEmpty() || text.startsWith("+js(") || text.startsWith("^") || domains.contains("#")
				|| domains.contains("/") || EXTENDED.matcher(text).find()) {
			return;
		}
		String selector = selectors.computeIfAbsent(text, (read) -> read);
		List<String> included = new ArrayList<>();
		List<String> negated = new ArrayList<>();
		for (String domain : domains.split(",")) {
			String name = domain.strip().toLowerCase(java.util.Locale.ROOT);
			if (name.startsWith("~")) {
				negated.add(name.substring(1));
			}
			else if (!name.isEmpty()) {
				included.add(name);
			}
		}
		this.size++;
		if (exception) {
			if (included.isEmpty()) {
				this.exceptedEverywhere.add(selector);
			}
			for (String domain : included) {
				this.exceptedByDomain.computeIfAbsent(domain, (key) -> new HashSet<>()).add(selector);
			}
			return;
		}
		if (!included.isEmpty()) {
			for (String domain : included) {
				this.byDomain.computeIfAbsent(domain, (key) -> new ArrayList<>()).add(selector);
			}
			return;
		}
		for (String domain : negated) {
			this.exceptedByDomain.computeIfAbsent(domain, (key) -> new HashSet<>()).add(selector);
		}
		String key = key(selector);
		if (key == null) {
			this.genericUnkeyed.add(selector);
		}
		else {
			this.genericByKey.computeIfAbsent(key, (k) -> new ArrayList<>(1)).add(selector);
		}
	}

	/**
	 * A class ({@code .name}) or id ({@code #name}) every element the selector matches
	 * needs on the page, or {@code null} when there is no such one (a selector list, a
	 * selector of tags and attributes only, or an escaped name).
	 */
	static String key(String selector) {
		String outer = selector.replaceAll("\\[[^\\]]*\\]", "[]");
		StringBuilder depthZero = new StringBuilder();
		int depth = 0;
		for (char c : outer.toCharArray()) {
			if (c == '(') {
				depth++;
			}
			else if (c == ')') {
				depth = Math.max(0, depth - 1);
			}
			else if (depth == 0) {
				depthZero.append(c);
			}
		}
		String plain = depthZero.toString();
		if (plain.contains(",") || plain.contains("\\")) {
			return null;
		}
		var matcher = KEY.matcher(plain);
		return matcher.find() ? matcher.group(0) : null;
	}

	/**
	 * The selectors that apply to a page.
	 * @param host the page's host
	 * @param ids the ids of the page's elements
	 * @param classes the classes of the page's elements
	 * @return the selectors, each once
	 */
	public Set<String> selectorsFor(String host, Set<String> ids, Set<String> classes) {
		Set<String> selected = new LinkedHashSet<>(generic());
		selected.removeAll(genericExceptedOn(host));
		selected.addAll(forHost(host));
		selected.addAll(forNames(host, ids, classes));
		return selected;
	}

	/**
	 * The selectors that apply to every page whatever its host and content: the generic
	 * ones that need no class or id, less those excepted everywhere. They can be in place
	 * before the page is known (see {@link #genericExceptedOn} for the hosts that except
	 * some of them).
	 * @return the selectors, each once
	 */
	public Set<String> generic() {
		Set<String> selected = new LinkedHashSet<>(this.genericUnkeyed);
		selected.removeAll(this.exceptedEverywhere);
		return selected;
	}

	/**
	 * The selectors of {@link #generic()} that a host excepts ({@code host#@#selector}).
	 * @param host the page's host
	 * @return the selectors; usually none
	 */
	public Set<String> genericExceptedOn(String host) {
		Set<String> excepted = new HashSet<>();
		for (String domain : domainsOf(host)) {
			excepted.addAll(this.exceptedByDomain.getOrDefault(domain, Set.of()));
		}
		excepted.retainAll(this.genericUnkeyed);
		return excepted;
	}

	/**
	 * The host's own selectors ({@code host##selector}), whatever the page contains.
	 * @param host the page's host
	 * @return the selectors, each once
	 */
	public Set<String> forHost(String host) {
		Set<String> selected = new LinkedHashSet<>();
		for (String domain : domainsOf(host)) {
			selected.addAll(this.byDomain.getOrDefault(domain, List.of()));
		}
		if (!selected.isEmpty()) {
			selected.removeAll(excepted(host));
		}
		return selected;
	}

	/**
	 * The generic selectors filed under the page's classes and ids.
	 * @param host the page's host
	 * @param ids the ids of the page's elements
	 * @param classes the classes of the page's elements
	 * @return the selectors, each once
	 */
	public Set<String> forNames(String host, Set<String> ids, Set<String> classes) {
		Set<String> selected = new LinkedHashSet<>();
		for (String id : ids) {
			selected.addAll(this.genericByKey.getOrDefault("#" + id, List.of()));
		}
		for (String name : classes) {
			selected.addAll(this.genericByKey.getOrDefault("." + name, List.of()));
		}
		if (!selected.isEmpty()) {
			selected.removeAll(excepted(host));
		}
		return selected;
	}

	private Set<String> excepted(String host) {
		Set<String> excepted = new HashSet<>(this.exceptedEverywhere);
		for (String domain : domainsOf(host)) {
			excepted.addAll(this.exceptedByDomain.getOrDefault(domain, Set.of()));
		}
		return excepted;
	}

	/**
	 * The names a rule may use for a host: the host, each parent domain, and each with
	 * its top-level part as {@code *} ({@code example.*}).
	 */
	static List<String> domainsOf(String host) {
		List<String> names = new ArrayList<>();
		String name = host;
		while (!name.isEmpty()) {
			names.add(name);
			int dot = name.indexOf('.');
			if (dot > 0) {
				names.add(name.substring(0, dot) + ".*");
			}
			name = (dot < 0) ? "" : name.substring(dot + 1);
		}
		return names;
	}

}
