package dev.screenshots.worker.blocking;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * declarativeNetRequest matching on hand-made rules: URL filter syntax, conditions,
 * priorities.
 */
class NetworkRulesTest {

	private static NetworkRequest script(String url, String page) {
		return NetworkRequest.of(url, "script", false, page, "GET");
	}

	@Test
	void domainAnchorMatchesTheHostAndItsSubdomainsOnly() {
		NetworkRules rules = NetworkRules.of("""
				[{"id":1,"action":{"type":"block"},"condition":{"urlFilter":"||ads.example^"}}]""");
		assertThat(rules.blocks(script("https://ads.example/x.js", "https://site.test/"))).isTrue();
		assertThat(rules.blocks(script("https://cdn.ads.example/x.js", "https://site.test/"))).isTrue();
		assertThat(rules.blocks(script("https://notads.example/x.js", "https://site.test/"))).isFalse();
		assertThat(rules.blocks(script("https://site.test/?u=ads.example", "https://site.test/"))).isFalse();
		assertThat(rules.blocks(script("https://ads.example.org/x.js", "https://site.test/"))).isFalse();
	}

	@Test
	void separatorWildcardAndEndAnchorFollowChromeSyntax() {
		NetworkRules rules = NetworkRules.of("""
				[{"id":1,"action":{"type":"block"},"condition":{"urlFilter":"/banner/*/img^"}},
				 {"id":2,"action":{"type":"block"},"condition":{"urlFilter":".gif|"}}]""");
		assertThat(rules.blocks(script("https://a.test/banner/123/img?x=1", "https://a.test/"))).isTrue();
		assertThat(rules.blocks(script("https://a.test/banner/123/img", "https://a.test/"))).isTrue();
		assertThat(rules.blocks(script("https://a.test/banner/123/imgs", "https://a.test/"))).isFalse();
		assertThat(rules.blocks(script("https://a.test/pic.gif", "https://a.test/"))).isTrue();
		assertThat(rules.blocks(script("https://a.test/pic.gif?x", "https://a.test/"))).isFalse();
	}

	@Test
	void conditionsOnTypeThirdPartyAndInitiatorAreHonoured() {
		NetworkRules rules = NetworkRules.of("""
				[{"id":1,"action":{"type":"block"},"condition":{"urlFilter":"||track.test^","domainType":"thirdParty",
				  "resourceTypes":["script"],"excludedInitiatorDomains":["friend.test"]}}]""");
		assertThat(rules.blocks(script("https://track.test/t.js", "https://www.site.test/"))).isTrue();
		assertThat(rules
			.blocks(NetworkRequest.of("https://track.test/p.gif", "image", false, "https://site.test/", "GET")))
			.as("an image is not a script")
			.isFalse();
		assertThat(rules.blocks(script("https://track.test/t.js", "https://shop.track.test/")))
			.as("first party: same site")
			.isFalse();
		assertThat(rules.blocks(script("https://track.test/t.js", "https://www.friend.test/"))).isFalse();
	}

	@Test
	void sameSiteIsDecidedByThePublicSuffixList() {
		NetworkRules rules = NetworkRules
			.of("""
					[{"id":1,"action":{"type":"block"},"condition":{"urlFilter":"||cdn.shop.co.uk^","domainType":"thirdParty"}}]""");
		assertThat(rules.blocks(script("https://cdn.shop.co.uk/x.js", "https://www.shop.co.uk/"))).isFalse();
		assertThat(rules.blocks(script("https://cdn.shop.co.uk/x.js", "https://www.other.co.uk/"))).isTrue();
	}

	@Test
	void anAllowRuleOfEqualOrHigherPriorityWinsAndALowerOneDoesNot() {
		NetworkRules rules = NetworkRules.of("""
				[{"id":1,"action":{"type":"block"},"condition":{"urlFilter":"||ads.test^"},"priority":5},
				 {"id":2,"action":{"type":"allow"},"condition":{"urlFilter":"||ads.test/ok^"},"priority":5},
				 {"id":3,"action":{"type":"allow"},"condition":{"urlFilter":"||ads.test/low^"},"priority":4}]""");
		assertThat(rules.blocks(script("https://ads.test/ok/1.js", "https://a.test/"))).isFalse();
		assertThat(rules.blocks(script("https://ads.test/low/1.js", "https://a.test/"))).isTrue();
	}

	@Test
	void plainDomainBlocksKeepTheirPrioritiesAgainstAllowRules() {
		// the same domain blocked twice, and a parent domain's block, each against
		// allowing
		// rules of other priorities
		NetworkRules rules = NetworkRules.of("""
				[{"id":1,"action":{"type":"block"},"condition":{"urlFilter":"||ads.test^"},"priority":2},
				 {"id":2,"action":{"type":"block"},"condition":{"urlFilter":"||ads.test^"},"priority":7},
				 {"id":3,"action":{"type":"allow"},"condition":{"urlFilter":"||ads.test/a^"},"priority":5},
				 {"id":4,"action":{"type":"allow"},"condition":{"urlFilter":"||ads.test/b^"},"priority":7},
				 {"id":5,"action":{"type":"block"},"condition":{"urlFilter":"||parent.test^"}},
				 {"id":6,"action":{"type":"allow"},"condition":{"urlFilter":"||cdn.parent.test^"},"priority":2}]""");
		assertThat(rules.blocks(script("https://ads.test/a/1.js", "https://a.test/")))
			.as("the higher of the two blocks beats a lower allow")
			.isTrue();
		assertThat(rules.blocks(script("https://ads.test/b/1.js", "https://a.test/"))).as("an equal allow wins")
			.isFalse();
		assertThat(rules.blocks(script("https://x.parent.test/1.js", "https://a.test/"))).isTrue();
		assertThat(rules.blocks(script("https://cdn.parent.test/1.js", "https://a.test/")))
			.as("a subdomain's higher allow beats its parent's block")
			.isFalse();
	}

	@Test
	void plainDomainBlocksKeepTheirResourceTypes() {
		// filed by domain in a table per set of types, not as rules
		NetworkRules rules = NetworkRules
			.of("""
					[{"id":1,"action":{"type":"block"},"condition":{"urlFilter":"||pixels.test^","resourceTypes":["image"]}},
					 {"id":2,"action":{"type":"block"},"condition":{"urlFilter":"||scam.test^",
					  "resourceTypes":["main_frame","sub_frame","script","image"]}},
					 {"id":3,"action":{"type":"block"},"condition":{"urlFilter":"||ads.test^"}},
					{"id":4,"action":{"type":"block"},"condition":{"urlFilter":"||ads.test/path^"}}]""");
		assertThat(rules.tabledDomains()).as("the three domain blocks, not the one with a path").isEqualTo(3);
		assertThat(rules.blocks(image("https://a.pixels.test/p.gif", "https://a.test/"))).isTrue();
		assertThat(rules.blocks(script("https://a.pixels.test/p.js", "https://a.test/"))).as("not an image").isFalse();
		assertThat(rules.blocks(NetworkRequest.of("https://scam.test/", "document", true, "", "GET")))
			.as("a rule that names the main frame blocks it")
			.isTrue();
		assertThat(rules.blocks(NetworkRequest.of("https://ads.test/", "document", true, "", "GET")))
			.as("a rule without types leaves the main frame alone")
			.isFalse();
		assertThat(rules.blocks(script("https://ads.test/x.js", "https://a.test/"))).isTrue();
		assertThat(rules.blocks(script("https://scam.test.other/x.js", "https://a.test/"))).isFalse();
		assertThat(rules.blocks(image("https://pixels.tes/p.gif", "https://a.test/"))).as("a prefix of a domain")
			.isFalse();
	}

	@Test
	void aTextIsFiledUnderTheWordTheFewestTextsHave() {
		JsonMapper json = JsonMapper.builder().build();
		List<NetworkRules.Rule> rules = new ArrayList<>();
		String[] filters = { "a.email.first.b", "a.email.second.b", "a.email.first.b", "a.click.email.third.b",
				"a.click.click.b", "a.gamma.alpha.b", "||not.a.text.test^" };
		for (String filter : filters) {
			rules.add(NetworkRules.Rule.of(json.readTree(
					"{\"id\":1,\"action\":{\"type\":\"block\"},\"condition\":{\"urlFilter\":\"" + filter + "\"}}")));
		}
		Map<String, Integer> counts = NetworkRules.textWords(rules);
		assertThat(counts).as("each text once, each of its words once")
			.isEqualTo(Map.of("email", 3, "first", 1, "second", 1, "click", 2, "third", 1, "alpha", 1, "gamma", 1));
		assertThat(rules.get(0).rarestWord(counts)).as("not the as long, commoner 'email'").isEqualTo("first");
		assertThat(rules.get(3).rarestWord(counts)).as("not 'click', which two texts have").isEqualTo("third");
		assertThat(rules.get(5).rarestWord(counts)).as("of two as rare and as long, the first").isEqualTo("gamma");
	}

	@Test
	void plainTextBlocksMatchAnywhereInTheUrl() {
		// filed by their rarest whole word in a table per set of types, not as rules
		NetworkRules rules = NetworkRules
			.of("""
					[{"id":1,"action":{"type":"block"},"priority":101,
					  "condition":{"urlFilter":"Email.Shop-Mail.test","resourceTypes":["image"]}},
					 {"id":2,"action":{"type":"allow"},"priority":200,"condition":{"urlFilter":"||ok.email.shop-mail.test^"}},
					 {"id":3,"action":{"type":"block"},"condition":{"urlFilter":"ab.test"}},
					 {"id":4,"action":{"type":"block"},"condition":{"urlFilter":"click.news.test","isUrlFilterCaseSensitive":true}},
					 {"id":5,"action":{"type":"block"},"condition":{"urlFilter":"pixel.track.test","domainType":"thirdParty"}}]""");
		assertThat(rules.tabledTexts()).as("the first only: the third has no whole word, the others conditions")
			.isEqualTo(1);
		assertThat(rules.blocks(image("https://email.shop-mail.test/o/1.gif", "https://a.test/"))).isTrue();
		assertThat(rules.blocks(image("https://EMAIL.shop-mail.TEST/o/1.gif", "https://a.test/"))).as("any case")
			.isTrue();
		assertThat(rules.blocks(image("https://cdn.test/r?u=https%3A%2F%2Femail.shop-mail.test", "https://a.test/")))
			.as("in the query")
			.isTrue();
		assertThat(rules.blocks(image("https://xemail.shop-mail.tester/1.gif", "https://a.test/")))
			.as("unanchored at both ends")
			.isTrue();
		assertThat(rules.blocks(image("https://email.shop-mail.other/1.gif", "https://a.test/"))).isFalse();
		assertThat(rules.blocks(image("https://email.shop.test/1.gif", "https://a.test/"))).isFalse();
		assertThat(rules.blocks(script("https://email.shop-mail.test/1.js", "https://a.test/"))).as("not an image")
			.isFalse();
		assertThat(rules.blocks(image("https://ok.email.shop-mail.test/1.gif", "https://a.test/")))
			.as("a higher allow wins")
			.isFalse();
		assertThat(rules.blocks(script("https://cab.tests/x.js", "https://a.test/"))).isTrue();
		assertThat(rules.blocks(script("https://CLICK.news.test/x.js", "https://a.test/"))).as("case-sensitive")
			.isFalse();
		assertThat(rules.blocks(script("https://click.news.test/x.js", "https://a.test/"))).isTrue();
	}

	@Test
	void plainTextBlocksAgreeWithTheSameRulesMatchedAsRules() {
		// the same filters, once as they come (tabled) and once with a condition that
		// changes nothing for a GET (so kept as rules and matched by regular expression);
		// each has a whole word, so every one is tabled, and an allowing rule of the
		// middle priority makes the tabled priorities count
		Random random = new Random(7);
		String letters = "ab.-%9";
		String allow = "{\"id\":1000,\"priority\":2,\"action\":{\"type\":\"allow\"},\"condition\":{\"urlFilter\":\"9a\"}}";
		StringBuilder tabled = new StringBuilder();
		StringBuilder asRules = new StringBuilder();
		List<String> filters = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			String filter = text(random, letters, random.nextInt(4)) + "." + text(random, "ab9", 2 + random.nextInt(3))
					+ "." + text(random, letters, random.nextInt(4));
			filters.add(filter);
			int priority = 1 + random.nextInt(3);
			tabled.append(
					"{\"id\":%d,\"priority\":%d,\"action\":{\"type\":\"block\"},\"condition\":{\"urlFilter\":\"%s\"}},"
						.formatted(i + 1, priority, filter));
			asRules.append(
					("{\"id\":%d,\"priority\":%d,\"action\":{\"type\":\"block\"},\"condition\":{\"urlFilter\":\"%s\","
							+ "\"excludedRequestMethods\":[\"connect\"]}},")
						.formatted(i + 1, priority, filter));
		}
		NetworkRules fromTable = NetworkRules.of("[" + tabled + allow + "]");
		NetworkRules fromRules = NetworkRules.of("[" + asRules + allow + "]");
		NetworkRules withoutAllow = NetworkRules.of("[" + tabled.substring(0, tabled.length() - 1) + "]");
		assertThat(fromTable.tabledTexts()).as("every filter").isEqualTo(new HashSet<>(filters).size());
		assertThat(fromRules.tabledTexts()).isZero();
		int blocked = 0;
		int allowed = 0;
		for (int i = 0; i < 3_000; i++) {
			String url = "https://" + text(random, letters, 2 + random.nextInt(10)) + ".test/"
					+ ((i % 3 == 0) ? filters.get(random.nextInt(filters.size())) : "")
					+ text(random, letters + "/?=", random.nextInt(12));
			boolean expected = fromRules.blocks(script(url, "https://a.test/"));
			assertThat(fromTable.blocks(script(url, "https://a.test/"))).as(url).isEqualTo(expected);
			blocked += expected ? 1 : 0;
			allowed += (!expected && withoutAllow.blocks(script(url, "https://a.test/"))) ? 1 : 0;
		}
		assertThat(blocked).as("blocked by a tabled filter").isBetween(300, 2_700);
		assertThat(allowed).as("a tabled filter's block outweighed by the allowing rule").isGreaterThan(50);
	}

	private static String text(Random random, String letters, int length) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < length; i++) {
			text.append(letters.charAt(random.nextInt(letters.length())));
		}
		return text.toString();
	}

	private static NetworkRequest image(String url, String page) {
		return NetworkRequest.of(url, "image", false, page, "GET");
	}

	@Test
	void regexFiltersHeaderRulesAndQueryRewritesAreHandled() {
		NetworkRules rules = NetworkRules
			.of("""
					[{"id":1,"action":{"type":"block"},"condition":{"regexFilter":"^https://[a-z]+\\\\.test/ad[0-9]+\\\\.js"}},
					 {"id":2,"action":{"type":"modifyHeaders"},"condition":{"urlFilter":"||headers.test^"}},
					 {"id":3,"action":{"type":"redirect","redirect":{"transform":{"queryTransform":{"removeParams":["x"]}}}},
					  "condition":{"urlFilter":"||rewrite.test^"}},
					 {"id":4,"action":{"type":"redirect","redirect":{"extensionPath":"/noop.js"}},"condition":{"urlFilter":"||noop.test^"}}]""");
		assertThat(rules.blocks(script("https://cdn.test/ad12.js", "https://a.test/"))).isTrue();
		assertThat(rules.blocks(script("https://cdn.test/adx.js", "https://a.test/"))).isFalse();
		assertThat(rules.blocks(script("https://headers.test/x.js", "https://a.test/"))).isFalse();
		assertThat(rules.blocks(script("https://rewrite.test/x.js?x=1", "https://a.test/"))).isFalse();
		assertThat(rules.blocks(script("https://noop.test/x.js", "https://a.test/"))).isTrue();
	}

	@Test
	void theMainDocumentIsOnlyMatchedByRulesThatNameIt() {
		NetworkRules rules = NetworkRules.of("""
				[{"id":1,"action":{"type":"block"},"condition":{"urlFilter":"||ads.test^"}}]""");
		NetworkRequest frame = NetworkRequest.of("https://ads.test/", "document", false, "https://a.test/", "GET");
		NetworkRequest top = NetworkRequest.of("https://ads.test/", "document", true, null, "GET");
		assertThat(rules.blocks(frame)).isTrue();
		assertThat(rules.blocks(top)).isFalse();
	}

}
