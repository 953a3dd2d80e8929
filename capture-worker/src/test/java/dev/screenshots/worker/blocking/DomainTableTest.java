package dev.screenshots.worker.blocking;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DomainTableTest {

	/**
	 * Few letters, so that names share prefixes; a digit, a hyphen and a non-ASCII one.
	 */
	private static final String LETTERS = "ab-9é";

	@Test
	void findsEveryDomainWithItsPriorityAndNothingElse() {
		DomainTable table = DomainTable.of(Map.of("ads.test", 1, "cdn.ads.test", 7, "a.test", 3, "b", 2));
		assertThat(table.size()).isEqualTo(4);
		assertThat(table.priority("ads.test")).isEqualTo(1);
		assertThat(table.priority("cdn.ads.test")).isEqualTo(7);
		assertThat(table.priority("a.test")).isEqualTo(3);
		assertThat(table.priority("b")).isEqualTo(2);
		// a prefix, an extension, a neighbour, nothing
		assertThat(table.priority("ads.tes")).isEqualTo(Integer.MIN_VALUE);
		assertThat(table.priority("ads.test.org")).isEqualTo(Integer.MIN_VALUE);
		assertThat(table.priority("ads.tesu")).isEqualTo(Integer.MIN_VALUE);
		assertThat(table.priority("")).isEqualTo(Integer.MIN_VALUE);
	}

	@Test
	void bestContainedAsksOnlyTheNamesOfTheWordAndFindsTheirRestAnywhere() {
		DomainTable table = DomainTable.of(Map.of("shop email.shop.test", 3, "shop shop.test", 1, "shops x.test", 9,
				"sho p.test", 8, "track a.track.test", 5));
		assertThat(table.bestContained("shop", "https://email.shop.test/1.gif")).isEqualTo(3);
		assertThat(table.bestContained("shop", "https://cdn.test/?u=shop.test")).isEqualTo(1);
		assertThat(table.bestContained("shop", "https://x.test/shop.tes")).as("neither rest occurs")
			.isEqualTo(Integer.MIN_VALUE);
		assertThat(table.bestContained("shop", "https://x.test/")).as("the neighbour's rest does not count")
			.isEqualTo(Integer.MIN_VALUE);
		assertThat(table.bestContained("track", "https://a.track.test/")).isEqualTo(5);
		assertThat(table.bestContained("zzz", "https://a.track.test/")).isEqualTo(Integer.MIN_VALUE);
		assertThat(DomainTable.of(Map.of()).bestContained("shop", "shop.test")).isEqualTo(Integer.MIN_VALUE);
	}

	@Test
	void bestContainedTakesTheHighestPriorityWhereverItsNameIsOrdered() {
		// both rests occur in the text: the name ordered first, then the one ordered
		// last,
		// holds the highest priority
		String text = "https://email.shop.test/1.gif";
		assertThat(DomainTable.of(Map.of("shop email.shop.test", 3, "shop shop.test", 7)).bestContained("shop", text))
			.isEqualTo(7);
		assertThat(DomainTable.of(Map.of("shop email.shop.test", 7, "shop shop.test", 3)).bestContained("shop", text))
			.isEqualTo(7);
	}

	@Test
	void anEmptyTableHoldsNothing() {
		DomainTable table = DomainTable.of(Map.of());
		assertThat(table.size()).isZero();
		assertThat(table.priority("ads.test")).isEqualTo(Integer.MIN_VALUE);
	}

	@Test
	void agreesWithAMapOnManyNames() {
		Random random = new Random(42);
		Map<String, Integer> domains = new HashMap<>();
		for (int i = 0; i < 20_000; i++) {
			domains.put(name(random), random.nextInt(1_000_000));
		}
		DomainTable table = DomainTable.of(domains);
		domains.forEach((name, priority) -> assertThat(table.priority(name)).as(name).isEqualTo(priority));
		for (int i = 0; i < 20_000; i++) {
			String name = name(random);
			assertThat(table.priority(name)).as(name).isEqualTo(domains.getOrDefault(name, Integer.MIN_VALUE));
		}
	}

	private static String name(Random random) {
		StringBuilder name = new StringBuilder();
		int labels = 1 + random.nextInt(3);
		for (int label = 0; label < labels; label++) {
			if (label > 0) {
				name.append('.');
			}
			int length = 1 + random.nextInt(4);
			for (int i = 0; i < length; i++) {
				name.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
			}
		}
		return name.toString();
	}

}
