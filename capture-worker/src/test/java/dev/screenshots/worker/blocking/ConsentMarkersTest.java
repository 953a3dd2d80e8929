package dev.screenshots.worker.blocking;

import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consent markers read from the autoconsent rules the build brings, and the coded
 * platforms kept in step with its script.
 */
class ConsentMarkersTest {

	static final BlockingRules rules = new BlockingRules();

	static ConsentMarkers markers;

	@BeforeAll
	static void load() {
		markers = rules.consentMarkers();
	}

	@Test
	void everyCodedPlatformOfTheScriptHasMarkersAndNoOtherIsListed() {
		Matcher list = Pattern.compile("dynamicCMPs = \\[([^\\]]*)\\]").matcher(rules.consentScript());
		assertThat(list.find()).as("the script's list of coded platforms").isTrue();
		int classes = (int) Arrays.stream(list.group(1).split(","))
			.map(String::strip)
			.filter((s) -> !s.isEmpty())
			.count();
		Matcher names = Pattern.compile("this\\.name = \"([^\"]+)\";").matcher(rules.consentScript());
		Set<String> coded = new java.util.HashSet<>();
		while (names.find()) {
			coded.add(names.group(1));
		}
		coded.removeAll(Set.of("BASERULE", "HEURISTIC"));
		assertThat(ConsentMarkers.CODED.keySet()).as("the coded platforms' names in the script").isEqualTo(coded);
		assertThat(ConsentMarkers.CODED).hasSize(classes);
	}

	@Test
	void everyGenericRuleHasAMarker() {
		assertThat(markers.unmarked()).isEmpty();
		assertThat(markers.keys()).hasSizeGreaterThan(150)
			.contains("#onetrust-banner-sdk", "#CybotCookiebotDialog", "#qc-cmp2-container", "#cmpbox", ".klaro");
		assertThat(markers.selectors()).contains("tiktok-cookie-banner", "div[id^='sp_message_container_']");
		assertThat(markers.globals()).containsExactlyInAnyOrder("Cookiebot", "__cmp");
	}

	@Test
	void aPageIsMarkedByAnIdOrClassOfAPlatformOrBySiteRules() {
		assertThat(markers.namedIn(Set.of("onetrust-banner-sdk"), Set.of())).isTrue();
		assertThat(markers.namedIn(Set.of(), Set.of("klaro"))).isTrue();
		assertThat(markers.namedIn(Set.of("main", "content"), Set.of("card", "cookie"))).isFalse();
		assertThat(rules.consentMayShow("https://example.com/", Set.of("main"), Set.of("card"))).isFalse();
		assertThat(rules.consentMayShow("https://www.abc.net.au/news", Set.of("main"), Set.of("card")))
			.as("a site with its own rule")
			.isTrue();
	}

	@Test
	void selectorListsSplitAtTheirTopLevelCommasOnly() {
		assertThat(ConsentMarkers.alternatives("#a,.b > c, d[x='1,2'], e:is(.f, .g)")).containsExactly("#a", ".b > c",
				"d[x='1,2']", "e:is(.f, .g)");
	}

}
