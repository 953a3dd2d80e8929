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
		assertThat(RequiredText.texts("^https?://examples?\\.com")).containsExactly("example");
		assertThat(RequiredText.texts("abcde{0,2}fghij")).containsExactly("fghij");
		assertThat(RequiredText.texts("abcdefgh*ij")).containsExactly("abcdefg");
		assertThat(RequiredText.texts("(abc)?defgh")).containsExactly("defgh");
	}

	@Test
	void theSchemeIsNotTheTextWhereTheSitesNameFollows() {
		assertThat(RequiredText.texts("^https://([a-z]*\\.)?web\\.de/")).containsExactly("web.de/");
	}

	@Test
	void escapesThatTakeMoreThanOneCharacterAreNotRead() {
		// each matches its input, though the characters after the escape are not in it
		List<String[]> cases = List.of(new String[] { "ab\\x41cdef", "abAcdef" },
				new String[] { "\\u0041bcde", "Abcde" }, new String[] { "\\0101bcde", "Abcde" },
				new String[] { "\\cAbcde", "\u0001bcde" }, new String[] { "\\pLbcde", "xbcde" },
				new String[] { "(?<word>abcd)\\k<word>", "abcdabcd" }, new String[] { "(abcd)\\1xyzw", "abcdabcdxyzw" },
				new String[] { "[]abcd]", "a" }, new String[] { "[^]abcd]", "x" },
				new String[] { "abc\uD83D\uDE00?defg", "abcdefg" });
		for (String[] example : cases) {
			Pattern pattern = Pattern.compile(example[0]);
			assertThat(pattern.matcher(example[1]).find()).as("%s on %s", example[0], example[1]).isTrue();
			assertThat(RequiredText.of(pattern).find(example[1])).as("%s on %s", example[0], example[1]).isTrue();
		}
		assertThat(RequiredText.texts("ab\\x41cdef")).isNull();
		assertThat(RequiredText.of(Pattern.compile("example", Pattern.CASE_INSENSITIVE)).find("EXAMPLE")).isTrue();
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
		for (String pattern : patterns) {
			for (String alternative : pattern.split("\\|")) {
				// ^https?://(www\.)?example\.com/ and its kin, written as the URL they
				// name,
				// independently of the reading under test
				String url = alternative.replace("^https?://", "https://")
					.replace("^https://", "https://")
					.replace("(www\\.)?", "www.")
					.replace("([a-z0-9-]+\\.)?", "sub.")
					.replace("\\.", ".")
					.replace("\\/", "/");
				if (url.startsWith("https://") && url.chars().noneMatch((c) -> "()[]?*+^$|\\{}".indexOf(c) >= 0)) {
					urls.add(url + "page");
				}
			}
		}
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
		int skipped = 0;
		for (String pattern : patterns) {
			RequiredText required = RequiredText.of(Pattern.compile(pattern));
			for (String url : List.of("https://www.example.com/", "https://news.ycombinator.com/item?id=1")) {
				skipped += (required.needed() != null && required.needed().stream().noneMatch(url::contains)) ? 1 : 0;
			}
		}
		assertThat(skipped).as("pattern and URL pairs decided without the expression")
			.isGreaterThan(patterns.size() * 2 * 9 / 10);
	}

}
