package dev.screenshots.runtime.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import dev.screenshots.model.security.NetworkRule;
import dev.screenshots.model.security.Addresses;

/**
 * Where pages may be loaded from ({@code security.url-policy.*}), the same in both
 * services.
 *
 * @param enabled deny non-public addresses (on by default); when off, only {@code deny}
 * entries and the service's own infrastructure are denied
 * @param allow entries allowed even though they are non-public, e.g.
 * {@code 127.0.0.1:8765} or {@code *.intranet.example.com}; infrastructure ports stay
 * denied
 * @param deny entries always denied, e.g. {@code *.internal.example.com} or
 * {@code 203.0.113.0/24}
 * @param staticHosts host names resolved from this table before DNS (host → addresses)
 * @param resolveTimeout the time limit for one DNS lookup
 */
@Validated
@ConfigurationProperties("security.url-policy")
public record UrlPolicyProperties(@DefaultValue("true") boolean enabled, @DefaultValue List<String> allow,
		@DefaultValue List<String> deny, @DefaultValue Map<String, List<String>> staticHosts,
		@DefaultValue("2s") @NotNull Duration resolveTimeout) {

	public UrlPolicyProperties {
		allow = List.copyOf(allow);
		deny = List.copyOf(deny);
		staticHosts = Map.copyOf(staticHosts);
		for (String entry : allow) {
			checkEntry("allow", entry);
		}
		for (String entry : deny) {
			checkEntry("deny", entry);
		}
		staticHosts.forEach((host, addresses) -> addresses.forEach((address) -> {
			if (Addresses.literal(address).isEmpty()) {
				throw new IllegalArgumentException(
						"security.url-policy.static-hosts." + host + ": '" + address + "' is not an IP address");
			}
		}));
	}

	/**
	 * The defaults: public addresses only.
	 * @return the default properties
	 */
	public static UrlPolicyProperties defaults() {
		return new UrlPolicyProperties(true, List.of(), List.of(), Map.of(), Duration.ofSeconds(2));
	}

	private static void checkEntry(String list, String entry) {
		try {
			NetworkRule.parse(entry);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("security.url-policy." + list + ": " + ex.getMessage(), ex);
		}
	}

}
