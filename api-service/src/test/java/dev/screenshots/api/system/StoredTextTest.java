package dev.screenshots.api.system;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoredTextTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void aNulInJsonIsFoundAndTheTextBackslashU0000IsNot() {
		assertThat(inJson("a\u0000b")).isTrue();
		assertThat(inJson("\\\u0000")).as("a backslash, then a NUL").isTrue();
		assertThat(inJson("\\u0000")).as("the text \\u0000").isFalse();
		assertThat(inJson("\\\\u0000")).as("two backslashes, then u0000").isFalse();
		assertThat(inJson("plain")).isFalse();
	}

	@Test
	void strippingRemovesOnlyTheNulsAndLeavesValidJson() {
		String json = JSON
			.writeValueAsString(Map.of("field", "\\u0000 and \u0000 and \\\u0000 and \\\\u0000", "wi\u0000dth", 1));

		String stripped = StoredText.stripNulFromJson(json);

		assertThat(JSON.readTree(stripped).path("field").asString()).isEqualTo("\\u0000 and  and \\ and \\\\u0000");
		assertThat(JSON.readTree(stripped).has("width")).isTrue();
		assertThat(StoredText.checkJson("x", stripped)).isEqualTo(stripped);
	}

	@Test
	void halfOfASurrogatePairIsRefusedAndAWholePairIsNot() {
		assertThat(StoredText.check("name", "emoji \uD83C\uDF89")).isEqualTo("emoji \uD83C\uDF89");
		assertThat(inJson("emoji \uD83C\uDF89")).isFalse();
		for (String lone : new String[] { "\uD800", "a\uDC00b", "\uDF89\uD83C", "end \uD83C" }) {
			assertThatThrownBy(() -> StoredText.check("name", lone)).isInstanceOf(InvalidFieldException.class);
			assertThat(inJson(lone)).as(lone).isTrue();
		}
	}

	@Test
	void aTextWithANulIsRefusedNamingItsField() {
		assertThat(StoredText.check("name", "plain")).isEqualTo("plain");
		assertThat(StoredText.check("name", null)).isNull();
		assertThatThrownBy(() -> StoredText.check("name", "a\u0000")).isInstanceOf(InvalidFieldException.class)
			.extracting((ex) -> ((InvalidFieldException) ex).field())
			.isEqualTo("name");
	}

	private static boolean inJson(String value) {
		try {
			StoredText.checkJson("value", JSON.writeValueAsString(Map.of("value", value)));
			return false;
		}
		catch (InvalidFieldException ex) {
			return true;
		}
	}

}
