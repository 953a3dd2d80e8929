package dev.screenshots.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The hostile-input corpus shared by the URL policy's unit tests and the API's HTTP-level
 * tests: files under {@code hostile/} on the test classpath, one entry a line, {@code #}
 * comments.
 */
public final class HostileInputs {

	/** Names the corpus resolves through the URL policy's static hosts instead of DNS. */
	public static final Map<String, List<String>> STATIC_HOSTS = Map.of("public.test", List.of("93.184.216.34"),
			"evil.test", List.of("10.0.0.1"), "metadata.test", List.of("169.254.169.254"), "rebind.test",
			List.of("93.184.216.34", "127.0.0.1"), "v6.test", List.of("2606:2800:220:1:248:1893:25c8:1946"),
			"mapped.test", List.of("::ffff:192.168.1.1"), "intranet.example.com", List.of("10.20.30.40"));

	private HostileInputs() {
	}

	/** URLs the policy denies in every spelling. */
	public static List<String> deniedUrls() {
		return lines("ssrf-denied-urls.txt");
	}

	/** URLs of public targets the policy allows. */
	public static List<String> publicUrls() {
		return lines("ssrf-public-urls.txt");
	}

	/** Strings that are not absolute http(s) URLs with a valid host. */
	public static List<String> invalidUrls() {
		return lines("invalid-urls.txt");
	}

	/**
	 * The static hosts as Spring properties.
	 * @return {@code security.url-policy.static-hosts.<host>[i]} → address
	 */
	public static Map<String, String> staticHostProperties() {
		Map<String, String> properties = new java.util.LinkedHashMap<>();
		STATIC_HOSTS.forEach((host, addresses) -> {
			for (int i = 0; i < addresses.size(); i++) {
				properties.put("security.url-policy.static-hosts[" + host + "][" + i + "]", addresses.get(i));
			}
		});
		return properties;
	}

	private static List<String> lines(String file) {
		try (InputStream in = HostileInputs.class.getResourceAsStream("/hostile/" + file)) {
			if (in == null) {
				throw new IllegalStateException("hostile/" + file + " is not on the test classpath");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
