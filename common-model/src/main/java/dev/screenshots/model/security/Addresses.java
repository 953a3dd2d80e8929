package dev.screenshots.model.security;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parsing of address literals, and the address ranges that are never a public web server:
 * loopback, private, link-local (cloud metadata included), carrier-grade NAT, multicast,
 * broadcast, reserved and documentation ranges, and their IPv6 counterparts, including
 * IPv6 forms that embed an IPv4 address (mapped, compatible, 6to4, Teredo, NAT64).
 */
public final class Addresses {

	/** Compiled once: the URL policy asks on every submit. */
	private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");

	private static final List<Cidr> DENIED_V4 = List.of(cidr("0.0.0.0/8", "unspecified"), cidr("10.0.0.0/8", "private"),
			cidr("100.64.0.0/10", "carrier-grade NAT"), cidr("127.0.0.0/8", "loopback"),
			cidr("169.254.0.0/16", "link-local"), cidr("172.16.0.0/12", "private"),
			cidr("192.0.0.0/24", "IETF protocol assignments"), cidr("192.0.2.0/24", "documentation"),
			cidr("192.88.99.0/24", "6to4 relay anycast"), cidr("192.168.0.0/16", "private"),
			cidr("198.18.0.0/15", "benchmarking"), cidr("198.51.100.0/24", "documentation"),
			cidr("203.0.113.0/24", "documentation"), cidr("224.0.0.0/4", "multicast"), cidr("240.0.0.0/4", "reserved"),
			cidr("255.255.255.255/32", "broadcast"));

	private static final List<Cidr> DENIED_V6 = List.of(cidr("::/128", "unspecified"), cidr("::1/128", "loopback"),
			cidr("100::/64", "discard"), cidr("64:ff9b:1::/48", "local-use NAT64"),
			cidr("2001:db8::/32", "documentation"), cidr("2001:10::/28", "ORCHID"), cidr("2001:20::/28", "ORCHIDv2"),
			cidr("3fff::/20", "documentation"), cidr("fc00::/7", "unique local"), cidr("fe80::/10", "link-local"),
			cidr("fec0::/10", "site-local"), cidr("ff00::/8", "multicast"));

	private Addresses() {
	}

	/**
	 * Why an address is not a public internet address.
	 * @param address the address
	 * @return the kind of range it is in, or empty for a public address
	 */
	public static Optional<String> nonPublicReason(InetAddress address) {
		if (address instanceof Inet4Address) {
			return DENIED_V4.stream().filter((range) -> range.contains(address)).map(Cidr::label).findFirst();
		}
		Optional<String> direct = DENIED_V6.stream()
			.filter((range) -> range.contains(address))
			.map(Cidr::label)
			.findFirst();
		if (direct.isPresent()) {
			return direct;
		}
		return embeddedIpv4(address).flatMap((embedded) -> nonPublicReason(embedded)
			.map((reason) -> reason + " (embedded in " + address.getHostAddress() + ")"));
	}

	/**
	 * The IPv4 address an IPv6 address carries: IPv4-mapped {@code ::ffff:0:0/96},
	 * IPv4-compatible {@code ::/96}, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}
	 * and Teredo {@code 2001::/32} (whose client address is stored inverted).
	 * @param address an address
	 * @return the embedded IPv4 address, or empty
	 */
	public static Optional<Inet4Address> embeddedIpv4(InetAddress address) {
		if (!(address instanceof Inet6Address)) {
			return Optional.empty();
		}
		byte[] b = address.getAddress();
		if (allZero(b, 0, 10) && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
			return v4(b[12], b[13], b[14], b[15]);
		}
		if (allZero(b, 0, 12)) {
			return v4(b[12], b[13], b[14], b[15]);
		}
		if ((b[0] & 0xFF) == 0x00 && (b[1] & 0xFF) == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B
				&& allZero(b, 4, 12)) {
			return v4(b[12], b[13], b[14], b[15]);
		}
		if ((b[0] & 0xFF) == 0x20 && (b[1] & 0xFF) == 0x02) {
			return v4(b[2], b[3], b[4], b[5]);
		}
		if ((b[0] & 0xFF) == 0x20 && (b[1] & 0xFF) == 0x01 && b[2] == 0 && b[3] == 0) {
			return v4((byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]);
		}
		return Optional.empty();
	}

	/**
	 * Parses a dotted-decimal IPv4 address or an IPv6 address (without brackets); names
	 * are not resolved.
	 * @param host a normalised host
	 * @return the address, or empty when the host is a name
	 */
	public static Optional<InetAddress> literal(String host) {
		if (host.indexOf(':') >= 0) {
			return parseIpv6Literal(host);
		}
		if (DOTTED_QUAD.matcher(host).matches()) {
			return parseWhatwgIpv4(host);
		}
		return Optional.empty();
	}

	static Optional<InetAddress> parseIpv6Literal(String literal) {
		if (literal.isEmpty() || !IPV6_CHARACTERS.matcher(literal).matches() || literal.indexOf(':') < 0) {
			return Optional.empty();
		}
		try {
			return Optional.of(InetAddress.getByName("[" + literal + "]"));
		}
		catch (UnknownHostException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Whether a host's last label is a number (WHATWG "ends in a number"): such a host
	 * must be a valid IPv4 address.
	 * @param host a lower-case host without trailing dots
	 * @return {@code true} if the last label is decimal digits or {@code 0x} hex
	 */
	static boolean endsInANumber(String host) {
		String last = host.substring(host.lastIndexOf('.') + 1);
		if (!last.isEmpty() && last.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			return true;
		}
		return last.startsWith("0x") && last.substring(2).chars().allMatch((c) -> Character.digit(c, 16) >= 0);
	}

	/**
	 * Parses an IPv4 address the way browsers do: one to four parts, each decimal, octal
	 * (leading {@code 0}) or hexadecimal ({@code 0x}); the last part fills the remaining
	 * bytes.
	 * @param host the host
	 * @return the address, or empty when it is not a valid IPv4 address
	 */
	static Optional<InetAddress> parseWhatwgIpv4(String host) {
		String[] parts = host.split("\\.", -1);
		if (parts.length > 4) {
			return Optional.empty();
		}
		BigInteger[] numbers = new BigInteger[parts.length];
		for (int i = 0; i < parts.length; i++) {
			numbers[i] = number(parts[i]);
			if (numbers[i] == null) {
				return Optional.empty();
			}
		}
		BigInteger limit = BigInteger.valueOf(256);
		for (int i = 0; i < numbers.length - 1; i++) {
			if (numbers[i].compareTo(limit) >= 0) {
				return Optional.empty();
			}
		}
		BigInteger last = numbers[numbers.length - 1];
		if (last.compareTo(limit.pow(5 - numbers.length)) >= 0) {
			return Optional.empty();
		}
		long value = last.longValue();
		for (int i = 0; i < numbers.length - 1; i++) {
			value += numbers[i].longValue() << (8 * (3 - i));
		}
		return v4((byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value)
			.map(InetAddress.class::cast);
	}

	private static BigInteger number(String part) {
		if (part.isEmpty()) {
			return null;
		}
		int radix = 10;
		String digits = part;
		if (part.startsWith("0x") || part.startsWith("0X")) {
			radix = 16;
			digits = part.substring(2);
			if (digits.isEmpty()) {
				return BigInteger.ZERO;
			}
		}
		else if (part.length() > 1 && part.startsWith("0")) {
			radix = 8;
			digits = part.substring(1);
		}
		try {
			return new BigInteger(digits, radix);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static boolean allZero(byte[] bytes, int from, int to) {
		for (int i = from; i < to; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return true;
	}

	private static Optional<Inet4Address> v4(byte a, byte b, byte c, byte d) {
		try {
			return Optional.of((Inet4Address) InetAddress.getByAddress(new byte[] { a, b, c, d }));
		}
		catch (UnknownHostException ex) {
			return Optional.empty();
		}
	}

	private static Cidr cidr(String cidr, String label) {
		return Cidr.parse(cidr, label);
	}

}
