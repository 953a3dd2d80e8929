package dev.screenshots.worker.blocking;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text a pattern's matches need, and the answers it gives: always those of the
 * pattern itself.
 */
class RequiredTextTest {

	@Test
	void aSiteRulesPatternNeedsItsSitesName() {
		assertThat(RequiredText.texts("^https?://(www\\.)?example\\.com/")).containsExactly("example.com/");
		assertThat(RequiredText.texts("^https?://(www\\.)?plex\\.tv/|^https?://(www\\.)?support\\.plex\\.tv/"))
			.containsExactly("plex.tv/", "support.plex.tv/");
		assertThat(RequiredText.texts("^https://([a-z0-9-]+\\.)?shop\\.example\\.(de|at)/"))
			.containsExactly("shop.example.");
	}

	@Test
	void aQuantifiedCharacterIsNotNeeded() {
		assertThat(RequiredText.texts("^https?://examples?\\.com")).containsExactly("://example");
		assertThat(RequiredText.texts("abcde{0,2}fghij")).containsExactly("fghij");
		assertThat(RequiredText.texts("abcdefgh*ij")).containsExactly("abcdefg");
		assertThat(RequiredText.texts("(abc)?defgh")).containsExactly("defgh");
	}

	@Test
	void whatCannotBeReadSafelyIsAlwaysAsked() {
		assertThat(RequiredText.texts("(?i)^https://example\\.com/")).as("inline flags").isNull();
		assertThat(RequiredText.texts("\\Qexample.com\\E")).as("quoting").isNull();
		assertThat(RequiredText.texts("[[a]bcdefg]")).as("a class in a class").isNull();
		assertThat(RequiredText.texts("^https://example\\.com/|abc")).as("an alternative with no text").isNull();
		assertThat(RequiredText.texts("")).isNull();
		assertThat(RequiredText.texts("\\d+\\w+\\bexample")).containsExactly("example");
	}

	@Test
	void answersAsThePatternDoesForEverySiteRuleAutoconsentBrings() throws IOException {
		List<String> patterns = new ArrayList<>();
		JsonNode compact;
		try (InputStream in = getClass().getClassLoader()
			.getResourceAsStream("blocking/autoconsent/compact-rules.json")) {
			compact = JsonMapper.builder().build().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		for (JsonNode rule : compact.path("r")) {
			String pattern = rule.path(3).asString("");
			if (!pattern.isEmpty()) {
				patterns.add(pattern);
			}
		}
		Set<String> urls = new LinkedHashSet<>(List.of("https://www.example.com/", "http://127.0.0.1:8080/simple",
				"https://news.ycombinator.com/item?id=1"));
		int withText = 0;
		for (String pattern : patterns) {
			List<String> texts = RequiredText.texts(pattern);
			if (texts != null) {
				withText++;
				for (String text : texts) {
					urls.add("https://" + text);
					urls.add("https://www." + text + "page");
					urls.add("http://sub." + text);
				}
			}
		}
		assertThat(withText).as("patterns with a text, of %d", patterns.size()).isGreaterThan(patterns.size() * 9 / 10);
		int matches = 0;
		for (String pattern : patterns) {
			Pattern compiled = Pattern.compile(pattern);
			RequiredText required = RequiredText.of(compiled);
			for (String url : urls) {
				boolean expected = compiled.matcher(url).find();
				assertThat(required.find(url)).as("%s on %s", pattern, url).isEqualTo(expected);
				matches += expected ? 1 : 0;
			}
		}
		assertThat(matches).as("URLs the patterns match, so that both answers are checked")
			.isGreaterThan(patterns.size() / 2);
	}

}
