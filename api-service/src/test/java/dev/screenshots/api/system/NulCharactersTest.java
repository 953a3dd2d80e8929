package dev.screenshots.api.system;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NulCharactersTest {

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

		String stripped = NulCharacters.stripFromJson(json);

		assertThat(JSON.readTree(stripped).path("field").asString()).isEqualTo("\\u0000 and  and \\ and \\\\u0000");
		assertThat(JSON.readTree(stripped).has("width")).isTrue();
		assertThat(NulCharacters.checkJson("x", stripped)).isEqualTo(stripped);
	}

	@Test
	void aTextWithANulIsRefusedNamingItsField() {
		assertThat(NulCharacters.check("name", "plain")).isEqualTo("plain");
		assertThat(NulCharacters.check("name", null)).isNull();
		assertThatThrownBy(() -> NulCharacters.check("name", "a\u0000")).isInstanceOf(InvalidFieldException.class)
			.extracting((ex) -> ((InvalidFieldException) ex).field())
			.isEqualTo("name");
	}

	private static boolean inJson(String value) {
		try {
			NulCharacters.checkJson("value", JSON.writeValueAsString(Map.of("value", value)));
			return false;
		}
		catch (InvalidFieldException ex) {
			return true;
		}
	}

}
