package dev.screenshots.worker.blocking;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One of AdGuard's filter lists as {@code @adguard/dnr-rulesets} ships it: a JSON array
 * of declarativeNetRequest rules whose first element's metadata also carries the list's
 * original text ({@code rawFilterList}), from which the element-hiding rules come.
 *
 * @param name the list's title
 * @param network the network rules
 * @param cosmetic the element-hiding rules
 */
public record FilterList(String name, NetworkRules network, CosmeticRules cosmetic) {

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	/**
	 * Reads a ruleset file.
	 * @param json the file's content
	 * @return the list
	 * @throws IOException when it cannot be read or is not a ruleset
	 */
	public static FilterList read(InputStream json) throws IOException {
		List<NetworkRules.Rule> rules = new ArrayList<>();
		String raw = "";
		try (JsonParser parser = JSON.createParser(json)) {
			if (parser.nextToken() != JsonToken.START_ARRAY) {
				throw new IOException("A ruleset is a JSON array of rules");
			}
			while (parser.nextToken() == JsonToken.START_OBJECT) {
				JsonNode node = JSON.readTree(parser);
				JsonNode text = node.path("metadata").path("rawFilterList");
				if (text.isString()) {
					raw = text.asString();
				}
				NetworkRules.Rule rule = NetworkRules.Rule.of(node);
				if (rule != null) {
					rules.add(rule);
				}
			}
		}
		catch (tools.jackson.core.JacksonException ex) {
			throw new IOException("Not a ruleset: " + ex.getOriginalMessage(), ex);
		}
		return new FilterList(title(raw), NetworkRules.index(rules), CosmeticRules.parse(raw.replace("\r", "")));
	}

	private static String title(String raw) {
		int at = raw.indexOf("! Title:");
		if (at < 0) {
			return "unnamed";
		}
		int end = raw.indexOf('\n', at);
		return raw.substring(at + 8, (end < 0) ? raw.length() : end).strip();
	}

}
