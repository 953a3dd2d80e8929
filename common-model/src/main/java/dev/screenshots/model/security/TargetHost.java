package dev.screenshots.model.security;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The host and port a URL points at, normalised the way a browser normalises them (WHATWG
 * URL host parsing): percent-decoded, mapped to ASCII with IDNA (so {@code ⓛⓞⓒⓐⓛⓗⓞⓢⓣ}
 * becomes {@code localhost}), lower-cased, without trailing dots, and with IPv4 addresses
 * written in decimal, octal, hexadecimal or shortened forms ({@code 2130706433},
 * {@code 0x7f.1}, {@code 017700000001}, {@code 127.1}) turned into dotted decimal.
 *
 * @param scheme {@code http} or {@code https}
 * @param host the normalised host: a DNS name, a dotted-decimal IPv4 address, or an IPv6
 * address without brackets
 * @param port the explicit port, or the scheme's default
 */
public record TargetHost(String scheme, String host, int port) {

	/**
	 * Parses an absolute http(s) URL.
	 * @param url the URL
	 * @return the target, or empty when the URL is not an absolute http(s) URL with a
	 * valid host
	 */
	public static Optional<TargetHost> of(String url) {
		if (url == null) {
			return Optional.empty();
		}
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (URISyntaxException ex) {
			return Optional.empty();
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			return Optional.empty();
		}
		String authority = uri.getRawAuthority();
		if (authority == null || authority.isEmpty()) {
			return Optional.empty();
		}
		int at = authority.lastIndexOf('@');
		String hostPort = (at >= 0) ? authority.substring(at + 1) : authority;
		String host;
		String port = null;
		if (hostPort.startsWith("[")) {
			int close = hostPort.indexOf(']');
			if (close < 0) {
				return Optional.empty();
			}
			host = hostPort.substring(0, close + 1);
			String rest = hostPort.substring(close + 1);
			if (!rest.isEmpty()) {
				if (!rest.startsWith(":")) {
					return Optional.empty();
				}
				port = rest.substring(1);
			}
		}
		else {
			int colon = hostPort.lastIndexOf(':');
			host = (colon >= 0) ? hostPort.substring(0, colon) : hostPort;
			port = (colon >= 0) ? hostPort.substring(colon + 1) : null;
		}
		int portNumber = scheme.equals("https") ? 443 : 80;
		if (port != null && !port.isEmpty()) {
			if (!port.chars().allMatch(Character::isDigit) || port.length() > 5) {
				return Optional.empty();
			}
			portNumber = Integer.parseInt(port);
			if (portNumber < 1 || portNumber > 65535) {
				return Optional.empty();
			}
		}
		int resolvedPort = portNumber;
		return normaliseHost(host).map((normalised) -> new TargetHost(scheme, normalised, resolvedPort));
	}

	/**
	 * Normalises a host as it appears in a URL or a proxy request.
	 * @param raw the host, IPv6 literals in brackets
	 * @return the normalised host, or empty when it is not a valid host
	 */
	public static Optional<String> normaliseHost(String raw) {
		if (raw == null || raw.isEmpty()) {
			return Optional.empty();
		}
		if (raw.startsWith("[") && raw.endsWith("]")) {
			String literal = raw.substring(1, raw.length() - 1);
			int zone = literal.indexOf('%');
			if (zone >= 0) {
				return Optional.empty();
			}
			return Addresses.parseIpv6Literal(literal).map((address) -> address.getHostAddress());
		}
		String decoded;
		try {
			decoded = percentDecode(raw);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		String ascii;
		try {
			ascii = IDN.toASCII(decoded, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		while (ascii.endsWith(".")) {
			ascii = ascii.substring(0, ascii.length() - 1);
		}
		if (ascii.isEmpty() || ascii.length() > 253
				|| ascii.chars().anyMatch((c) -> c <= ' ' || "#%/:?@[\\]<>^|".indexOf(c) >= 0)) {
			return Optional.empty();
		}
		if (Addresses.endsInANumber(ascii)) {
			return Addresses.parseWhatwgIpv4(ascii).map((address) -> address.getHostAddress());
		}
		return Optional.of(ascii);
	}

	private static String percentDecode(String value) {
		if (value.indexOf('%') < 0) {
			return value;
		}
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == '%') {
				if (i + 2 >= bytes.length) {
					throw new IllegalArgumentException("bad escape");
				}
				out.write(Integer.parseInt(new String(bytes, i + 1, 2, StandardCharsets.US_ASCII), 16));
				i += 2;
			}
			else {
				out.write(bytes[i]);
			}
		}
		return out.toString(StandardCharsets.UTF_8);
	}

	/**
	 * Whether the host is an IP address rather than a name.
	 * @return {@code true} for IPv4 and IPv6 addresses
	 */
	public boolean isAddress() {
		return Addresses.literal(this.host).isPresent();
	}

}
