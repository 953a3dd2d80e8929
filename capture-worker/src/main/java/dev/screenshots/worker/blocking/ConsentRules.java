package dev.screenshots.worker.blocking;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * autoconsent's compact rule set ({@code rules/compact-rules.json}) cut to what one frame
 * needs, as the package's own {@code filterCompactRules} does (ported, since the package
 * is JavaScript): a sub-frame gets the frame rules that may run in it; the top frame gets
 * the generic rules and the site rules whose URL pattern matches its URL. The two common
 * answers (a top frame without site rules, a sub-frame without site rules) are made once.
 */
final class ConsentRules {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Rule fields: {@code [version, name, cosmetic, urlPattern, runContext, …]}. */
	private static final int URL_PATTERN = 3;

	private static final int RUN_CONTEXT = 4;

	/** Run contexts that exclude the top frame, and those that exclude sub-frames. */
	private static final int FRAME_ONLY = 1;

	private static final List<Integer> TOP_ONLY = List.of(20, 22, 10, 12);

	/** A pattern Java cannot read: the script decides for itself. */
	private static final Pattern ANY = Pattern.compile("");

	private final JsonNode version;

	private final ArrayNode strings;

	private final List<JsonNode> generic;

	private final List<Rule> frame;

	/**
	 * The site rules, each with where it runs read ahead: a page asks all of them (about
	 * 600), and is on none of their sites, as a rule.
	 */
	private final List<Rule> specific;

	private final int genericStringEnd;

	private final int frameStringEnd;

	private final String genericTop;

	private ConsentRules(JsonNode rules) {
		JsonNode index = rules.path("index");
		this.version = rules.path("v");
		this.strings = (ArrayNode) rules.path("s");
		List<JsonNode> all = new ArrayList<>();
		rules.path("r").forEach(all::add);
		this.generic = range(all, index.path("genericRuleRange"));
		this.frame = range(all, index.path("frameRuleRange")).stream().map(Rule::of).toList();
		this.specific = range(all, index.path("specificRuleRange")).stream().map(Rule::of).toList();
		this.genericStringEnd = index.path("genericStringEnd").asInt();
		this.frameStringEnd = index.path("frameStringEnd").asInt();
		this.genericTop = compact(this.genericStringEnd, this.generic);
	}

	static ConsentRules parse(String json) {
		return new ConsentRules(JSON.readTree(json));
	}

	/**
	 * @param url the frame's URL
	 * @param mainFrame whether it is the top frame
	 * @return {@code {"compact": {...}}} for that frame
	 */
	String forFrame(String url, boolean mainFrame) {
		if (!mainFrame) {
			return compact(this.frameStringEnd,
					this.frame.stream().filter((rule) -> rule.runsIn(false, url)).map(Rule::json).toList());
		}
		List<JsonNode> site = this.specific.stream().filter((rule) -> rule.runsIn(true, url)).map(Rule::json).toList();
		if (site.isEmpty()) {
			return this.genericTop;
		}
		List<JsonNode> rules = new ArrayList<>(this.generic);
		rules.addAll(site);
		return compact(this.strings.size(), rules);
	}

	/**
	 * @param url the top frame's URL
	 * @return whether a site rule is written for it (its page always runs the script)
	 */
	boolean hasSiteRules(String url) {
		for (Rule rule : this.specific) {
			if (rule.runsIn(true, url)) {
				return true;
			}
		}
		return false;
	}

	private String compact(int stringEnd, List<JsonNode> rules) {
		ObjectNode compact = JSON.createObjectNode();
		compact.set("v", this.version);
		ArrayNode strings = compact.putArray("s");
		for (int i = 0; i < Math.min(stringEnd, this.strings.size()); i++) {
			strings.add(this.strings.get(i));
		}
		compact.putArray("r").addAll(rules);
		ObjectNode wrapper = JSON.createObjectNode();
		wrapper.set("compact", compact);
		return wrapper.toString();
	}

	private static List<JsonNode> range(List<JsonNode> all, JsonNode range) {
		int from = Math.max(0, range.path(0).asInt());
		int to = Math.min(all.size(), range.path(1).asInt());
		return (from < to) ? List.copyOf(all.subList(from, to)) : List.of();
	}

	/**
	 * A rule with its run context and URL pattern read ahead.
	 *
	 * @param json the rule as the compact set has it
	 * @param context its run context
	 * @param url the pattern of the URLs it runs on, with the text they need, or
	 * {@code null} for every URL
	 */
	private record Rule(JsonNode json, int context, RequiredText url) {

		static Rule of(JsonNode json) {
			String pattern = json.path(URL_PATTERN).asString("");
			return new Rule(json, json.path(RUN_CONTEXT).asInt(), pattern.isEmpty() ? null : compile(pattern));
		}

		private static RequiredText compile(String pattern) {
			try {
				return RequiredText.of(Pattern.compile(pattern));
			}
			catch (PatternSyntaxException ex) {
				return RequiredText.of(ANY);
			}
		}

		boolean runsIn(boolean mainFrame, String url) {
			if (mainFrame && this.context == FRAME_ONLY) {
				return false;
			}
			if (!mainFrame && TOP_ONLY.contains(this.context)) {
				return false;
			}
			return this.url == null || this.url.find(url);
		}

	}

}
