package dev.screenshots.worker.blocking;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.screenshots.model.capture.BlockList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lists the build brings (AdGuard's, from @adguard/dnr-rulesets) block what they are
 * meant to and leave ordinary requests alone.
 */
class BlockingRulesTest {

	static final BlockingRules rules = new BlockingRules();

	static final List<BlockList> ALL = List.of(BlockList.values());

	@BeforeAll
	static void load() {
		Runtime runtime = Runtime.getRuntime();
		System.gc();
		long before = runtime.totalMemory() - runtime.freeMemory();
		long start = System.nanoTime();
		rules.loadAll();
		long millis = (System.nanoTime() - start) / 1_000_000;
		System.gc();
		long after = runtime.totalMemory() - runtime.freeMemory();
		// a figure for docs/operations.md, not a check
		System.out.printf("Reading every filter list took %d ms; they hold about %d MiB of heap%n", millis,
				(after - before) >> 20);
	}

	private static NetworkRequest script(String url) {
		return NetworkRequest.of(url, "script", false, "https://www.news-site.test/article", "GET");
	}

	@Test
	void eachFlagBlocksTheRequestsOfItsKind() {
		assertThat(rules.blockedBy(script("https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js"), ALL))
			.contains(BlockList.ADS);
		assertThat(rules.blockedBy(script("https://www.google-analytics.com/analytics.js"), ALL))
			.contains(BlockList.TRACKERS);
		assertThat(rules.blockedBy(script("https://embed.tawk.to/abc/default"), ALL)).contains(BlockList.CHATS);
	}

	@Test
	void matchingIsCheap() {
		List<NetworkRequest> requests = List.of(script("https://www.news-site.test/static/app.3f2a9c.js"),
				script("https://cdn.news-site.test/images/hero-1280x720.jpg?v=12"),
				script("https://www.google-analytics.com/g/collect?v=2&tid=G-XYZ&cid=123.456"),
				script("https://securepubads.g.doubleclick.net/tag/js/gpt.js"),
				script("https://fonts.gstatic.com/s/inter/v13/UcCO3FwrK3iLTeHuS_fvQtMwCp50KnMw2boKoduKmMEVuLyfAZ9hiA.woff2"));
		int rounds = 20_000;
		int blocked = 0;
		long start = System.nanoTime();
		for (int i = 0; i < rounds; i++) {
			if (rules.blockedBy(requests.get(i % requests.size()), ALL).isPresent()) {
				blocked++;
			}
		}
		double micros = (System.nanoTime() - start) / 1e3 / rounds;
		// a figure for docs/performance.md, not a check on time
		System.out.printf("Matching one request against every list: %.1f µs on average%n", micros);
		assertThat(blocked).isEqualTo(rounds * 2 / requests.size());
	}

	@Test
	void aListThatIsNotSwitchedOnBlocksNothing() {
		assertThat(rules.blockedBy(script("https://www.google-analytics.com/analytics.js"),
				List.of(BlockList.ADS, BlockList.CHATS)))
			.isEmpty();
	}

	@Test
	void ordinaryRequestsPass() {
		for (String url : List.of("https://www.news-site.test/app.js", "https://cdn.jsdelivr.net/npm/react@18/index.js",
				"https://fonts.googleapis.com/css2?family=Inter", "https://www.news-site.test/images/header.png")) {
			assertThat(rules.blockedBy(script(url), ALL)).as(url).isEmpty();
		}
	}

	@Test
	void hidingRulesNameCommonAdSlotsAndCookieBars() {
		String css = rules.stylesheet(ALL, "www.news-site.test", Set.of("cookieblock"), Set.of("ad-unit", "article"));
		assertThat(css).contains(".ad-unit:not(.textads){display:none!important}")
			.contains("#cookieblock{display:none!important}")
			.doesNotContain(".article{");
	}

	@Test
	void theGenericPartIsMadeOnceForEveryHostThatExceptsNone() {
		assertThat(rules.genericStylesheet(ALL)).isSameAs(rules.genericStylesheet(ALL))
			.isSameAs(rules.genericStylesheet(ALL, "www.news-site.test"));
		assertThat(rules.exceptsGeneric(ALL, "www.news-site.test")).isFalse();
	}

}
