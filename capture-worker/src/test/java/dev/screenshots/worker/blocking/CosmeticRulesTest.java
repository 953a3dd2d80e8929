package dev.screenshots.worker.blocking;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Element hiding: which selectors a page gets, exceptions, and the keys generic selectors
 * are filed under.
 */
class CosmeticRulesTest {

	private static final CosmeticRules RULES = CosmeticRules.parse("""
			! a comment
			##.ad-unit:not(.textads)
			###cookie-bar
			##div[id^="ad-"]
			##.sidebar > .promo
			##a[href*="ads.example"]
			news.test##.paywall-ad
			~quiet.test##.banner
			example.*##.regional-ad
			news.test#@#.ad-unit:not(.textads)
			news.test#@#div[id^="ad-"]
			##.x:has-text(Sponsored)
			news.test#?#.y:contains(ad)
			""");

	@Test
	void genericSelectorsApplyWhenTheirClassOrIdIsOnThePage() {
		assertThat(RULES.selectorsFor("site.test", Set.of("cookie-bar"), Set.of("ad-unit"))).containsExactlyInAnyOrder(
				".ad-unit:not(.textads)", "#cookie-bar", "div[id^=\"ad-\"]", "a[href*=\"ads.example\"]");
		assertThat(RULES.selectorsFor("site.test", Set.of(), Set.of("other"))).containsExactly("div[id^=\"ad-\"]",
				"a[href*=\"ads.example\"]");
	}

	@Test
	void domainRulesAndExceptionsApplyToTheDomainAndItsSubdomains() {
		assertThat(RULES.selectorsFor("www.news.test", Set.of(), Set.of("ad-unit", "paywall-ad")))
			.contains(".paywall-ad")
			.doesNotContain(".ad-unit:not(.textads)");
		assertThat(RULES.selectorsFor("example.de", Set.of(), Set.of())).contains(".regional-ad");
	}

	@Test
	void theGenericPartIsTheSameForEveryHostAndAHostsExceptionsAreNamedForIt() {
		assertThat(RULES.generic()).containsExactly("div[id^=\"ad-\"]", "a[href*=\"ads.example\"]");
		assertThat(RULES.genericExceptedOn("www.news.test")).containsExactly("div[id^=\"ad-\"]");
		assertThat(RULES.genericExceptedOn("site.test")).isEmpty();
		assertThat(RULES.selectorsFor("news.test", Set.of(), Set.of())).doesNotContain("div[id^=\"ad-\"]")
			.contains("a[href*=\"ads.example\"]");
		assertThat(RULES.forHost("news.test")).containsExactly(".paywall-ad");
	}

	@Test
	void aRuleForAllButSomeDomainsIsGenericElsewhere() {
		assertThat(RULES.selectorsFor("loud.test", Set.of(), Set.of("banner"))).contains(".banner");
		assertThat(RULES.selectorsFor("quiet.test", Set.of(), Set.of("banner"))).doesNotContain(".banner");
	}

	@Test
	void extendedSyntaxIsLeftOut() {
		assertThat(RULES.selectorsFor("news.test", Set.of(), Set.of("x", "y")))
			.noneMatch((s) -> s.contains(":has-text") || s.contains(":contains"));
	}

	@Test
	void keysAreARequiredClassOrIdOutsideParenthesesAndAttributes() {
		assertThat(CosmeticRules.key(".ad-unit:not(.textads)")).isEqualTo(".ad-unit");
		assertThat(CosmeticRules.key("div[class=\"a.b\"] > #main")).isEqualTo("#main");
		assertThat(CosmeticRules.key("div[id^=\"ad-\"]")).isNull();
		assertThat(CosmeticRules.key(".a, .b")).isNull();
		assertThat(CosmeticRules.key(".sidebar > .promo")).isEqualTo(".sidebar");
	}

}
