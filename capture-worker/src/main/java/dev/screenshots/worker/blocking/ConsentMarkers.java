package dev.screenshots.worker.blocking;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What on a page says that a consent platform autoconsent knows may be there: the
 * elements its rules look for first, and a few globals. A page with none of them has no
 * banner autoconsent could answer, so the capture does not pay for its script (about 100
 * ms of the renderer's time for the script and one detection round over about 200 generic
 * rules).
 *
 * <p>
 * The markers are the rules' own: for each generic rule that runs in the top frame
 * ({@code rules/rules.json} without a URL pattern), the selectors of the first step of
 * its {@code detectCmp} that names elements ({@code exists}, {@code visible},
 * {@code waitFor}, each alternative of {@code any}), or of its {@code detectPopup} when
 * {@code detectCmp} starts with a script; each such step must succeed for the rule to
 * answer anything, so the markers can only say "maybe" too often, never miss a platform
 * the rules would find. Site rules are not markers: a page on a site with its own rules
 * always runs the script. autoconsent's platforms written as code ({@code lib/cmps/*.ts},
 * not in the rule file) are listed in {@link #CODED} by hand, with the selectors and
 * globals their {@code detectCmp} and {@code prehideSelectors} use;
 * {@code ConsentMarkersTest} fails when a new version of the package adds or renames one.
 */
public final class ConsentMarkers {

	/**
	 * autoconsent's platforms written as code, by the name in their class, with what
	 * their detection looks for. Admiral's "VRM" notice (found by its text) is left out:
	 * the card its other check looks for is here.
	 */
	static final Map<String, List<String>> CODED = Map.ofEntries(
			Map.entry("TrustArc-top",
					List.of("#truste-show-consent", "#truste-consent-track", ".trustarc-banner-container",
							".truste_popframe", ".truste_overlay", ".truste_box_overlay")),
			Map.entry("Cybotcookiebot",
					List.of("window.Cookiebot", "#CybotCookiebotDialog", "#CybotCookiebotDialogBodyUnderlay",
							"#dtcookie-container", "#cookiebanner", "#cb-cookieoverlay", ".modal--cookie-banner",
							"#cookiebanner_outer", "#CookieBanner")),
			Map.entry("Sourcepoint-frame",
					List.of("div[id^='sp_message_container_']", ".message-overlay", "#sp_privacy_manager_container")),
			Map.entry("consentmanager.net", List.of("window.__cmp", "#cmpbox", "#cmpbox2")),
			Map.entry("Evidon", List.of("#_evidon_banner")),
			Map.entry("Onetrust",
					List.of("#onetrust-banner-sdk", "#onetrust-pc-sdk", "#onetrust-consent-sdk",
							".onetrust-pc-dark-filter", ".js-consent-banner")),
			Map.entry("Klaro", List.of(".klaro")), Map.entry("Uniconsent", List.of(".unic")),
			Map.entry("Conversant", List.of(".cmp-root")), Map.entry("tiktok.com", List.of("tiktok-cookie-banner")),
			Map.entry("tumblr-com", List.of("#cmp-app-container")),
			Map.entry("Admiral", List.of("div[class*=Card] > div[class*=Frame] > div[class*=Pills]")));

	private static final String GLOBAL = "window.";

	private static final List<String> ELEMENT_STEPS = List.of("exists", "visible", "waitFor", "waitForVisible");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Set<String> keys = new LinkedHashSet<>();

	private final Set<String> unkeyed = new LinkedHashSet<>();

	private final Set<String> globals = new LinkedHashSet<>();

	private final List<String> unmarked = new ArrayList<>();

	private ConsentMarkers() {
	}

	/**
	 * Reads the markers of autoconsent's rule file and adds those of its coded platforms.
	 * @param rulesJson {@code rules/rules.json}
	 * @return the markers
	 */
	static ConsentMarkers parse(String rulesJson) {
		ConsentMarkers markers = new ConsentMarkers();
		for (JsonNode rule : JSON.readTree(rulesJson).path("autoconsent")) {
			JsonNode context = rule.path("runContext");
			if (!context.path("urlPattern").asString("").isEmpty() || !context.path("main").asBoolean(true)) {
				continue;
			}
			List<String> selectors = firstSelectors(rule.path("detectCmp"));
			if (selectors == null) {
				selectors = firstSelectors(rule.path("detectPopup"));
			}
			if (selectors == null) {
				markers.unmarked.add(rule.path("name").asString());
				continue;
			}
			selectors.forEach(markers::add);
		}
		CODED.values().forEach((list) -> list.forEach(markers::add));
		return markers;
	}

	/**
	 * The selectors the first step names, or {@code null} when it names no element (a
	 * script, or no step at all).
	 */
	private static List<String> firstSelectors(JsonNode steps) {
		return steps.isEmpty() ? null : selectorsOf(steps.get(0));
	}

	private static List<String> selectorsOf(JsonNode step) {
		for (String kind : ELEMENT_STEPS) {
			if (step.has(kind)) {
				JsonNode selector = step.get(kind);
				// an array is a path through shadow roots and frames: its first element
				// is
				// in the page's own document
				return List.of(selector.isArray() ? selector.path(0).asString() : selector.asString());
			}
		}
		if (!step.has("any")) {
			return null;
		}
		List<String> alternatives = new ArrayList<>();
		for (JsonNode alternative : step.get("any")) {
			List<String> selectors = selectorsOf(alternative);
			if (selectors == null) {
				return null;
			}
			alternatives.addAll(selectors);
		}
		return alternatives;
	}

	private void add(String marker) {
		if (marker.startsWith(GLOBAL)) {
			this.globals.add(marker.substring(GLOBAL.length()));
			return;
		}
		for (String alternative : alternatives(marker)) {
			String key = alternative.startsWith("xpath/") ? null : CosmeticRules.key(alternative);
			if (key != null) {
				this.keys.add(key);
			}
			else if (!alternative.isBlank()) {
				this.unkeyed.add(alternative.strip());
			}
		}
	}

	/**
	 * A selector list split at its top-level commas (not those in brackets, parentheses
	 * or quotes).
	 */
	static List<String> alternatives(String selectors) {
		List<String> result = new ArrayList<>();
		int depth = 0;
		char quote = 0;
		int start = 0;
		for (int i = 0; i < selectors.length(); i++) {
			char c = selectors.charAt(i);
			if (quote != 0) {
				quote = (c == quote) ? 0 : quote;
			}
			else if (c == '"' || c == '\'') {
				quote = c;
			}
			else if (c == '(' || c == '[') {
				depth++;
			}
			else if (c == ')' || c == ']') {
				depth = Math.max(0, depth - 1);
			}
			else if (c == ',' && depth == 0) {
				result.add(selectors.substring(start, i).strip());
				start = i + 1;
			}
		}
		result.add(selectors.substring(start).strip());
		return result;
	}

	/**
	 * Whether the page's ids and classes include one the markers name (always, should a
	 * generic rule have no marker).
	 * @param ids the page's ids
	 * @param classes the page's classes
	 * @return whether one is there
	 */
	public boolean namedIn(Set<String> ids, Set<String> classes) {
		if (!this.unmarked.isEmpty()) {
			return true;
		}
		for (String key : this.keys) {
			String name = key.substring(1);
			if ((key.charAt(0) == '#') ? ids.contains(name) : classes.contains(name)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * @return the markers that are neither an id nor a class (tags, attributes, XPath
	 * with autoconsent's {@code xpath/} prefix), for the page to look for
	 */
	public List<String> selectors() {
		return List.copyOf(this.unkeyed);
	}

	/**
	 * @return the globals (properties of {@code window}) that mark a platform
	 */
	public List<String> globals() {
		return List.copyOf(this.globals);
	}

	/**
	 * @return the ids ({@code #name}) and classes ({@code .name}) that mark a platform
	 */
	Set<String> keys() {
		return Set.copyOf(this.keys);
	}

	/**
	 * @return generic rules with no marker (none in the rules the build brings; such a
	 * rule would make every page run the script)
	 */
	List<String> unmarked() {
		return List.copyOf(this.unmarked);
	}

}
