package dev.screenshots.model.security;

import java.net.InetAddress;
import java.util.Locale;

/**
 * One allow or deny entry of the URL policy: a host name ({@code example.com}), a domain
 * and its subdomains ({@code *.example.com}), an address or range ({@code 10.1.2.3},
 * {@code 10.0.0.0/8}, {@code fd00::/8}), each optionally limited to one port
 * ({@code 127.0.0.1:8765}, {@code *.example.com:443}, {@code [::1]:8080},
 * {@code [fd00::/8]:443}).
 *
 * @param name the host name or {@code *.}-domain, or {@code null} for a range
 * @param range the address range, or {@code null} for a name
 * @param port the port, or 0 for any port
 * @param text the entry as written
 */
public record NetworkRule(String name, Cidr range, int port, String text) {

	/**
	 * Parses an entry.
	 * @param entry the entry
	 * @return the rule
	 * @throws IllegalArgumentException naming the entry when it is not valid
	 */
	public static NetworkRule parse(String entry) {
		String text = entry.strip();
		String target = text;
		int port = 0;
		if (text.startsWith("[")) {
			int close = text.indexOf(']');
			if (close < 0) {
				throw invalid(entry);
			}
			target = text.substring(1, close);
			String rest = text.substring(close + 1);
			if (!rest.isEmpty()) {
				port = port(rest, entry);
			}
		}
		else if (text.indexOf(':') == text.lastIndexOf(':') && text.indexOf(':') > 0) {
			target = text.substring(0, text.indexOf(':'));
			port = port(text.substring(text.indexOf(':')), entry);
		}
		if (target.isEmpty()) {
			throw invalid(entry);
		}
		boolean address = target.indexOf(':') >= 0 || target.matches("[0-9./]+");
		if (address) {
			try {
				return new NetworkRule(null, Cidr.parse(target, "configured " + text), port, text);
			}
			catch (IllegalArgumentException ex) {
				throw invalid(entry);
			}
		}
		String name = target.toLowerCase(Locale.ROOT);
		String bare = name.startsWith("*.") ? name.substring(2) : name;
		if (bare.isEmpty() || !bare.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
			throw invalid(entry);
		}
		return new NetworkRule(name, null, port, text);
	}

	/**
	 * Whether the rule names this host (exactly, or as a subdomain of a {@code *.}
	 * entry).
	 * @param host a normalised host name
	 * @param port the port
	 * @return {@code true} on a match
	 */
	public boolean matchesName(String host, int port) {
		if (this.name == null || !portMatches(port)) {
			return false;
		}
		if (this.name.startsWith("*.")) {
			String domain = this.name.substring(2);
			return host.equals(domain) || host.endsWith("." + domain);
		}
		return host.equals(this.name);
	}

	/**
	 * Whether the rule's range holds this address.
	 * @param address the address
	 * @param port the port
	 * @return {@code true} on a match
	 */
	public boolean matchesAddress(InetAddress address, int port) {
		return this.range != null && portMatches(port) && this.range.contains(address);
	}

	private boolean portMatches(int candidate) {
		return this.port == 0 || this.port == candidate;
	}

	private static int port(String suffix, String entry) {
		if (!suffix.startsWith(":") || suffix.length() < 2 || suffix.length() > 6
				|| !suffix.substring(1).chars().allMatch(Character::isDigit)) {
			throw invalid(entry);
		}
		int port = Integer.parseInt(suffix.substring(1));
		if (port < 1 || port > 65535) {
			throw invalid(entry);
		}
		return port;
	}

	private static IllegalArgumentException invalid(String entry) {
		return new IllegalArgumentException("'" + entry
				+ "' is not a valid URL policy entry (use host, *.domain, address or CIDR, optionally :port; IPv6 in brackets with a port)");
	}

}
