package dev.screenshots.worker.blocking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.google.common.net.InternetDomainName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One filter list's network rules in Chrome's declarativeNetRequest form (as
 * {@code @adguard/dnr-rulesets} ships them), matched with Chrome's documented semantics:
 * a rule matches when its {@code urlFilter} or {@code regexFilter} and every condition
 * (resource types, first or third party, initiator and request domains, methods) hold;
 * among the rules that match, the highest priority wins and, at equal priority, an
 * allowing rule beats a blocking one.
 *
 * <p>
 * No Java library matches declarativeNetRequest rules (the engines that exist, uBlock
 * Origin's and Ghostery's, are JavaScript and would need a JavaScript runtime in the
 * worker), so this class does it, the way those engines do: every rule is filed under the
 * rarest whole word of its URL filter, and a URL is only checked against the rules filed
 * under the words it contains, plus the few rules without such a word. A rule's URL
 * filter becomes a regular expression the first time a URL reaches it. A rule that only
 * blocks a domain ({@code ||example.com^} and no other condition than resource types,
 * most of the rules of the ad and tracker lists) is not kept as a rule but filed by its
 * domain in a {@link DomainTable}, one for each set of resource types, asked once per
 * parent domain of the request's host: an entry there costs about a tenth of a rule's
 * objects. A rule that blocks every URL containing a plain text under no other condition
 * than resource types (the tracker list's seventy thousand e-mail pixel hosts such as
 * {@code email.shop.example}, which match anywhere in the URL) is filed the same way, in
 * a table keyed by the text's rarest whole word among those texts and the text, and a URL
 * asks it once per word. An {@code allowAllRequests} rule allows the document it matches
 * (not, as in Chrome, also everything that document loads), and a redirect to one of the
 * list's stand-in resources counts as a block.
 */
public final class NetworkRules {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Rule[] NO_RULES = new Rule[0];

	/** The rules filed under each word, in arrays: a list's spare capacity adds up. */
	private final Map<String, Rule[]> byToken;

	private final Rule[] untokenised;

	/**
	 * The plain domain blocks, one table for each set of resource types they name: each
	 * domain and the highest priority of its rules.
	 */
	private final List<ByTypes> blockedDomains;

	/**
	 * The plain text blocks, one table for each set of resource types they name: each
	 * text, after its rarest whole word and a space, and the highest priority of its
	 * rules.
	 */
	private final List<ByTypes> blockedTexts;

	private final int size;

	private NetworkRules(Map<String, Rule[]> byToken, Rule[] untokenised, List<ByTypes> blockedDomains,
			List<ByTypes> blockedTexts, int size) {
		this.byToken = byToken;
		this.untokenised = untokenised;
		this.blockedDomains = blockedDomains;
		this.blockedTexts = blockedTexts;
		this.size = size;
	}

	/**
	 * Rules from their JSON, for tests.
	 * @param json a JSON array of rules
	 * @return the rules
	 */
	static NetworkRules of(String json) {
		List<Rule> rules = new ArrayList<>();
		for (JsonNode node : JSON.readTree(json)) {
			Rule rule = Rule.of(node);
			if (rule != null) {
				rules.add(rule);
			}
		}
		return index(rules);
	}

	static NetworkRules index(List<Rule> rules) {
		Map<String, List<Rule>> byToken = new HashMap<>();
		List<Rule> untokenised = new ArrayList<>();
		Map<Set<String>, Map<String, Integer>> blockedDomains = new HashMap<>();
		Map<Set<String>, Map<String, Integer>> blockedTexts = new HashMap<>();
		Map<String, Integer> textWords = textWords(rules);
		for (Rule rule : rules) {
			String domain = rule.plainDomainBlock();
			if (domain != null) {
				blockedDomains.computeIfAbsent(rule.types, (types) -> new HashMap<>())
					.merge(domain, rule.priority, Math::max);
				continue;
			}
			String text = rule.plainTextBlock();
			if (text != null) {
				blockedTexts.computeIfAbsent(rule.types, (types) -> new HashMap<>())
					.merge(rule.rarestWord(textWords) + ' ' + text, rule.priority, Math::max);
				continue;
			}
			String best = null;
			int bestCount = Integer.MAX_VALUE;
			for (String token : rule.tokens()) {
				int count = byToken.getOrDefault(token, List.of()).size();
				if (count < bestCount || (count == bestCount && token.length() > best.length())) {
					best = token;
					bestCount = count;
				}
			}
			if (best == null) {
				untokenised.add(rule);
			}
			else {
				byToken.computeIfAbsent(best, (key) -> new ArrayList<>(1)).add(rule);
			}
		}
		Map<String, Rule[]> filed = HashMap.newHashMap(byToken.size());
		byToken.forEach((token, filedUnder) -> filed.put(token, filedUnder.toArray(NO_RULES)));
		return new NetworkRules(filed, untokenised.toArray(NO_RULES), tables(blockedDomains), tables(blockedTexts),
				rules.size());
	}

	/**
	 * How many distinct plain text blocks have each whole word (a word once per text).
	 * Filed under their rarest word, the texts a URL's word asks are few: by their
	 * longest, the tracker list's e-mail hosts crowded under generic words
	 * ({@code email}, {@code click}) in groups of 400 to 650 that a URL with such a word
	 * had to look for one by one.
	 */
	static Map<String, Integer> textWords(List<Rule> rules) {
		Set<String> texts = new HashSet<>();
		Map<String, Integer> counts = new HashMap<>();
		for (Rule rule : rules) {
			String text = rule.plainTextBlock();
			if (text != null && texts.add(text)) {
				for (String word : new HashSet<>(List.of(rule.words))) {
					counts.merge(word, 1, Integer::sum);
				}
			}
		}
		return counts;
	}

	private static List<ByTypes> tables(Map<Set<String>, Map<String, Integer>> byTypes) {
		List<ByTypes> tables = new ArrayList<>();
		byTypes.forEach((types, entries) -> tables.add(new ByTypes(types, DomainTable.of(entries))));
		return List.copyOf(tables);
	}

	/**
	 * @return how many of the list's domains are in the tables of plain domain blocks
	 */
	int tabledDomains() {
		return this.blockedDomains.stream().mapToInt((domains) -> domains.table().size()).sum();
	}

	/**
	 * @return how many of the list's texts are in the tables of plain text blocks
	 */
	int tabledTexts() {
		return this.blockedTexts.stream().mapToInt((texts) -> texts.table().size()).sum();
	}

	/**
	 * @return how many rules the list has
	 */
	public int size() {
		return this.size;
	}

	/**
	 * Whether the list blocks a request.
	 * @param request the request
	 * @return {@code true} when a blocking rule matches and no allowing rule of at least
	 * its priority does
	 */
	public boolean blocks(NetworkRequest request) {
		String url = request.url();
		String lower = url.toLowerCase(Locale.ROOT);
		Set<String> words = new HashSet<>();
		forEachWord(lower, (start, end) -> words.add(lower.substring(start, end)));
		Match match = new Match(request, url, words);
		for (ByTypes domains : this.blockedDomains) {
			match.checkDomains(domains);
		}
		for (ByTypes texts : this.blockedTexts) {
			match.checkTexts(texts, lower);
		}
		for (String word : words) {
			Rule[] rules = this.byToken.get(word);
			if (rules != null) {
				match.check(rules);
			}
		}
		match.check(this.untokenised);
		return match.blocked();
	}

	/**
	 * Calls {@code word} with the bounds of each run of word characters in {@code text}.
	 */
	static void forEachWord(String text, java.util.function.BiConsumer<Integer, Integer> word) {
		int start = -1;
		for (int i = 0; i <= text.length(); i++) {
			boolean inWord = i < text.length() && isTokenChar(text.charAt(i));
			if (inWord && start < 0) {
				start = i;
			}
			else if (!inWord && start >= 0) {
				word.accept(start, i);
				start = -1;
			}
		}
	}

	static boolean isTokenChar(char c) {
		return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '%';
	}

	/** The best blocking and allowing priorities seen so far for one request. */
	private static final class Match {

		private final NetworkRequest request;

		private final String url;

		private final Set<String> words;

		private int block = Integer.MIN_VALUE;

		private int allow = Integer.MIN_VALUE;

		Match(NetworkRequest request, String url, Set<String> words) {
			this.request = request;
			this.url = url;
			this.words = words;
		}

		void check(Rule[] rules) {
			for (Rule rule : rules) {
				int best = rule.allow ? this.allow : this.block;
				if (rule.priority > best && rule.hasWords(this.words) && rule.matches(this.request, this.url)) {
					if (rule.allow) {
						this.allow = rule.priority;
					}
					else {
						this.block = rule.priority;
					}
				}
			}
		}

		/**
		 * One table of plain domain blocks: when the request's type is among the table's,
		 * the request's host and each of its parent domains looked up.
		 */
		void checkDomains(ByTypes blockedDomains) {
			if (!blockedDomains.types().contains(this.request.type())) {
				return;
			}
			String name = this.request.host();
			while (!name.isEmpty()) {
				int priority = blockedDomains.table().priority(name);
				if (priority > this.block) {
					this.block = priority;
				}
				int dot = name.indexOf('.');
				name = (dot < 0) ? "" : name.substring(dot + 1);
			}
		}

		/**
		 * One table of plain text blocks: when the request's type is among the table's,
		 * the texts filed under each of the URL's words looked for in the URL.
		 */
		void checkTexts(ByTypes blockedTexts, String lowerUrl) {
			if (!blockedTexts.types().contains(this.request.type())) {
				return;
			}
			for (String word : this.words) {
				int priority = blockedTexts.table().bestContained(word, lowerUrl);
				if (priority > this.block) {
					this.block = priority;
				}
			}
		}

		boolean blocked() {
			return this.block != Integer.MIN_VALUE && this.block > this.allow;
		}

	}

	/**
	 * The plain domain or text blocks that name the same resource types (most domain
	 * blocks name none, which is every type but the main frame; many of the tracker
	 * list's name every type; its e-mail pixel hosts name images).
	 *
	 * @param types the types
	 * @param table the domains or texts and their priorities
	 */
	record ByTypes(Set<String> types, DomainTable table) {
	}

	/** One rule; its pattern is compiled when a URL first reaches it. */
	static final class Rule {

		private static final Set<String> ALL_BUT_MAIN_FRAME = Set.of("sub_frame", "stylesheet", "script", "image",
				"font", "object", "xmlhttprequest", "ping", "csp_report", "media", "websocket", "webtransport",
				"webbundle", "other");

		private static final Pattern NEVER = Pattern.compile("(?!)");

		private static final String[] NONE = new String[0];

		private static final Pattern DOMAIN_ONLY = Pattern.compile("\\|\\|[A-Za-z0-9.-]+\\^");

		/** A URL filter without anchors, wildcards or separators: a text to find. */
		private static final Pattern PLAIN_TEXT = Pattern.compile("[A-Za-z0-9.%-]+");

		private static final Map<Set<String>, Set<String>> TYPE_SETS = new java.util.concurrent.ConcurrentHashMap<>();

		final int priority;

		final boolean allow;

		private final String urlFilter;

		private final String regexFilter;

		private final boolean caseSensitive;

		private final Set<String> types;

		private final String domainType;

		private final Set<String> initiatorDomains;

		private final Set<String> excludedInitiatorDomains;

		private final Set<String> requestDomains;

		private final Set<String> excludedRequestDomains;

		private final Set<String> methods;

		private final Set<String> excludedMethods;

		/** The whole words of the URL filter: a URL without all of them cannot match. */
		private final String[] words;

		/**
		 * For a filter that is only a domain ({@code ||example.com^}), the domain:
		 * matched against the host without a regular expression.
		 */
		private final String domainOnly;

		private volatile Pattern pattern;

		private Rule(JsonNode condition, int priority, boolean allow) {
			this.priority = priority;
			this.allow = allow;
			this.urlFilter = text(condition, "urlFilter");
			this.regexFilter = text(condition, "regexFilter");
			this.caseSensitive = condition.path("isUrlFilterCaseSensitive").asBoolean(false);
			Set<String> included = strings(condition, "resourceTypes");
			Set<String> excluded = strings(condition, "excludedResourceTypes");
			Set<String> types = new HashSet<>(included.isEmpty() ? ALL_BUT_MAIN_FRAME : included);
			if (included.isEmpty() && !excluded.isEmpty()) {
				types.add("main_frame");
			}
			types.removeAll(excluded);
			// a few combinations of types recur across hundreds of thousands of rules:
			// share them
			this.types = TYPE_SETS.computeIfAbsent(Set.copyOf(types), (set) -> set);
			String domainType = text(condition, "domainType");
			// two values across thousands of rules: share them
			this.domainType = (domainType != null) ? domainType.intern() : null;
			this.initiatorDomains = domains(condition, "initiatorDomains");
			this.excludedInitiatorDomains = domains(condition, "excludedInitiatorDomains");
			this.requestDomains = domains(condition, "requestDomains");
			this.excludedRequestDomains = domains(condition, "excludedRequestDomains");
			this.methods = strings(condition, "requestMethods");
			this.excludedMethods = strings(condition, "excludedRequestMethods");
			List<String> tokens = tokens();
			this.words = tokens.isEmpty() ? NONE : tokens.toArray(NONE);
			this.domainOnly = (this.urlFilter != null && this.regexFilter == null
					&& DOMAIN_ONLY.matcher(this.urlFilter).matches())
							? this.urlFilter.substring(2, this.urlFilter.length() - 1).toLowerCase(Locale.ROOT) : null;
		}

		/**
		 * @return the domain, if this rule blocks a domain ({@code ||example.com^}) under
		 * no other condition than resource types, else {@code null}
		 */
		String plainDomainBlock() {
			boolean plain = !this.allow && this.domainOnly != null && onlyTypes();
			return plain ? this.domainOnly : null;
		}

		/**
		 * @return the URL filter in lower case, if this rule blocks every URL that
		 * contains it, it is a plain text (letters, digits, {@code .}, {@code -} and
		 * {@code %}), not case-sensitive, has a whole word, and the rule has no other
		 * condition than resource types; else {@code null}
		 */
		String plainTextBlock() {
			boolean plain = !this.allow && this.urlFilter != null && this.regexFilter == null && !this.caseSensitive
					&& this.words.length > 0 && PLAIN_TEXT.matcher(this.urlFilter).matches() && onlyTypes();
			return plain ? this.urlFilter.toLowerCase(Locale.ROOT) : null;
		}

		/**
		 * Whether resource types are the rule's only condition besides its URL filter.
		 */
		private boolean onlyTypes() {
			return this.domainType == null && this.initiatorDomains.isEmpty() && this.excludedInitiatorDomains.isEmpty()
					&& this.requestDomains.isEmpty() && this.excludedRequestDomains.isEmpty() && this.methods.isEmpty()
					&& this.excludedMethods.isEmpty();
		}

		/**
		 * The URL filter's whole word that the fewest texts have (of those, the longest).
		 * @param counts how many texts have each word
		 */
		String rarestWord(Map<String, Integer> counts) {
			String rarest = "";
			int fewest = Integer.MAX_VALUE;
			for (String word : this.words) {
				int count = counts.getOrDefault(word, 0);
				if (count < fewest || (count == fewest && word.length() > rarest.length())) {
					rarest = word;
					fewest = count;
				}
			}
			return rarest;
		}

		boolean hasWords(Set<String> urlWords) {
			for (String word : this.words) {
				if (!urlWords.contains(word)) {
					return false;
				}
			}
			return true;
		}

		/**
		 * A rule from its JSON, or {@code null} for a rule that neither blocks nor allows
		 * (header changes, query rewrites).
		 */
		static Rule of(JsonNode node) {
			JsonNode action = node.path("action");
			String type = action.path("type").asString("");
			int priority = node.path("priority").asInt(1);
			return switch (type) {
				case "block" -> new Rule(node.path("condition"), priority, false);
				// a redirect to one of the list's stand-in resources keeps the request
				// from
				// its target: counted as blocked
				case "redirect" -> action.path("redirect").has("extensionPath")
						? new Rule(node.path("condition"), priority, false) : null;
				case "allow", "allowAllRequests" -> new Rule(node.path("condition"), priority, true);
				default -> null;
			};
		}

		/** The whole words of the URL filter that any URL it matches must contain. */
		List<String> tokens() {
			if (this.urlFilter == null) {
				return List.of();
			}
			String filter = this.urlFilter.toLowerCase(Locale.ROOT);
			boolean anchoredStart = filter.startsWith("|");
			boolean anchoredEnd = filter.endsWith("|") || filter.endsWith("^");
			List<String> tokens = new ArrayList<>();
			forEachWord(filter, (start, end) -> {
				boolean wholeStart = (start > 0) ? filter.charAt(start - 1) != '*' : anchoredStart;
				boolean wholeEnd = (end < filter.length()) ? filter.charAt(end) != '*' : anchoredEnd;
				if (wholeStart && wholeEnd && end - start >= 2) {
					tokens.add(filter.substring(start, end).intern());
				}
			});
			return tokens;
		}

		boolean matches(NetworkRequest request, String url) {
			if (!this.types.contains(request.type())) {
				return false;
			}
			if (!this.methods.isEmpty() && !this.methods.contains(request.method())) {
				return false;
			}
			if (this.excludedMethods.contains(request.method())) {
				return false;
			}
			if (!this.requestDomains.isEmpty() && !within(request.host(), this.requestDomains)) {
				return false;
			}
			if (within(request.host(), this.excludedRequestDomains)) {
				return false;
			}
			if (!this.initiatorDomains.isEmpty() && !within(request.initiatorHost(), this.initiatorDomains)) {
				return false;
			}
			if (within(request.initiatorHost(), this.excludedInitiatorDomains)) {
				return false;
			}
			if (this.domainType != null && !request.initiatorHost().isEmpty()) {
				boolean third = !site(request.host()).equals(site(request.initiatorHost()));
				if (third != "thirdParty".equals(this.domainType)) {
					return false;
				}
			}
			if (this.domainOnly != null) {
				return within(request.host(), this.domainOnly);
			}
			Pattern compiled = pattern();
			// an anchored pattern is tried at the start only, not at every position
			return compiled.pattern().startsWith("^") ? compiled.matcher(url).lookingAt()
					: compiled.matcher(url).find();
		}

		private Pattern pattern() {
			Pattern compiled = this.pattern;
			if (compiled == null) {
				compiled = compile();
				this.pattern = compiled;
			}
			return compiled;
		}

		private Pattern compile() {
			int flags = this.caseSensitive ? 0 : Pattern.CASE_INSENSITIVE;
			try {
				if (this.regexFilter != null) {
					return Pattern.compile(this.regexFilter, flags);
				}
				return Pattern.compile((this.urlFilter != null) ? UrlFilters.toRegex(this.urlFilter) : "", flags);
			}
			catch (PatternSyntaxException ex) {
				return NEVER;
			}
		}

		/** Whether the host or one of its parent domains is in the set. */
		private static boolean within(String host, Set<String> domains) {
			if (domains.isEmpty() || host.isEmpty()) {
				return false;
			}
			String name = host;
			while (true) {
				if (domains.contains(name)) {
					return true;
				}
				int dot = name.indexOf('.');
				if (dot < 0) {
					return false;
				}
				name = name.substring(dot + 1);
			}
		}

		/** Whether the host is the domain or one of its subdomains. */
		private static boolean within(String host, String domain) {
			return host.equals(domain) || (host.endsWith(domain) && host.length() > domain.length()
					&& host.charAt(host.length() - domain.length() - 1) == '.');
		}

		/**
		 * The registrable domain ("site") of a host by the public suffix list; for a name
		 * under no known suffix (an internal or test name) its last two labels; an IP
		 * address is its own site.
		 */
		private static String site(String host) {
			try {
				InternetDomainName name = InternetDomainName.from(host);
				if (name.isUnderPublicSuffix()) {
					return name.topPrivateDomain().toString();
				}
				List<String> parts = name.parts();
				return (parts.size() > 2) ? String.join(".", parts.subList(parts.size() - 2, parts.size())) : host;
			}
			catch (IllegalArgumentException | IllegalStateException ex) {
				return host;
			}
		}

		private static String text(JsonNode node, String field) {
			JsonNode value = node.get(field);
			return (value != null && value.isString()) ? value.asString() : null;
		}

		private static String[] array(JsonNode node, String field) {
			JsonNode value = node.get(field);
			if (value == null || !value.isArray() || value.isEmpty()) {
				return NONE;
			}
			String[] items = new String[value.size()];
			for (int i = 0; i < items.length; i++) {
				items[i] = value.get(i).asString().toLowerCase(Locale.ROOT);
			}
			return items;
		}

		private static Set<String> domains(JsonNode node, String field) {
			String[] names = array(node, field);
			// lists may name a domain twice
			return (names.length == 0) ? Set.of() : Set.copyOf(java.util.Arrays.asList(names));
		}

		private static Set<String> strings(JsonNode node, String field) {
			return domains(node, field);
		}

	}

}
