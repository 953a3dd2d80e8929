package dev.screenshots.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the README's configuration table against a service's configuration classes:
 * every property the configuration processor found under the project's prefixes must have
 * a row, and the row's default must be the effective one (the service's
 * {@code application.yml} if it sets the property, otherwise the class's default).
 */
public final class ConfigurationDocs {

	private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z0-9.-]+)`\\s*\\|[^|]*\\|([^|]*)\\|",
			Pattern.MULTILINE);

	private ConfigurationDocs() {
	}

	/**
	 * Asserts that the README documents this service's properties with their effective
	 * defaults.
	 * @param prefixes the property prefixes that belong to the project, e.g.
	 * {@code capture.}
	 */
	public static void assertReadmeDocuments(String... prefixes) {
		Map<String, String> documented = readmeDefaults();
		Map<String, String> effective = effectiveDefaults(prefixes);
		assertThat(effective).as("properties found by the configuration processor").isNotEmpty();
		effective.forEach((name, value) -> {
			assertThat(documented).as("README configuration table rows").containsKey(name);
			String column = documented.get(name);
			if (value == null || value.isEmpty()) {
				assertThat(column).as("README default of %s", name).containsAnyOf("(auto)", "(none)");
			}
			else {
				assertThat(column).as("README default of %s", name).contains("`" + value + "`");
			}
		});
	}

	private static Map<String, String> readmeDefaults() {
		try {
			String readme = Files.readString(ProjectFiles.readme());
			Map<String, String> rows = new TreeMap<>();
			Matcher matcher = ROW.matcher(readme);
			while (matcher.find()) {
				rows.put(matcher.group(1), matcher.group(2).strip());
			}
			return rows;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> effectiveDefaults(String... prefixes) {
		Map<String, Object> yaml = applicationYaml();
		Map<String, String> defaults = new TreeMap<>();
		try {
			for (URL url : Collections.list(ConfigurationDocs.class.getClassLoader()
				.getResources("META-INF/spring-configuration-metadata.json"))) {
				try (InputStream in = url.openStream()) {
					Map<String, Object> metadata = JsonParserFactory.getJsonParser()
						.parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
					for (Map<String, Object> property : (List<Map<String, Object>>) metadata.get("properties")) {
						String name = (String) property.get("name");
						for (String prefix : prefixes) {
							if (name.startsWith(prefix)) {
								Object value = yaml.containsKey(name) ? yaml.get(name) : property.get("defaultValue");
								defaults.put(name, (value != null) ? value.toString() : null);
							}
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return defaults;
	}

	private static Map<String, Object> applicationYaml() {
		try {
			Map<String, Object> values = new TreeMap<>();
			for (PropertySource<?> source : new YamlPropertySourceLoader().load("application",
					new ClassPathResource("application.yml"))) {
				EnumerablePropertySource<?> enumerable = (EnumerablePropertySource<?>) source;
				for (String name : enumerable.getPropertyNames()) {
					values.put(name, enumerable.getProperty(name));
				}
			}
			return values;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
