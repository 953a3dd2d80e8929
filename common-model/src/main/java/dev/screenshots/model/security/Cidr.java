package dev.screenshots.model.security;

import java.net.InetAddress;
import java.util.Optional;

/**
 * An address range in CIDR notation.
 *
 * @param network the network address
 * @param prefixLength the prefix length in bits
 * @param label what the range is, for messages
 */
public record Cidr(InetAddress network, int prefixLength, String label) {

	/**
	 * Parses {@code 10.0.0.0/8} or {@code fc00::/7}; a bare address is a single-address
	 * range.
	 * @param cidr the range
	 * @param label what it is
	 * @return the range
	 * @throws IllegalArgumentException if it is not a valid range
	 */
	public static Cidr parse(String cidr, String label) {
		int slash = cidr.indexOf('/');
		String address = (slash >= 0) ? cidr.substring(0, slash) : cidr;
		Optional<InetAddress> network = Addresses.literal(address);
		if (network.isEmpty()) {
			throw new IllegalArgumentException("'" + cidr + "' is not an address range");
		}
		int bits = network.get().getAddress().length * 8;
		int prefix;
		try {
			prefix = (slash >= 0) ? Integer.parseInt(cidr.substring(slash + 1)) : bits;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("'" + cidr + "' has an invalid prefix length");
		}
		if (prefix < 0 || prefix > bits) {
			throw new IllegalArgumentException("'" + cidr + "' has a prefix length outside 0-" + bits);
		}
		return new Cidr(network.get(), prefix, label);
	}

	/**
	 * Whether an address is in the range. IPv4 and IPv6 ranges never contain each other's
	 * addresses.
	 * @param address the address
	 * @return {@code true} if it is in the range
	 */
	public boolean contains(InetAddress address) {
		byte[] range = this.network.getAddress();
		byte[] candidate = address.getAddress();
		if (range.length != candidate.length) {
			return false;
		}
		int full = this.prefixLength / 8;
		for (int i = 0; i < full; i++) {
			if (range[i] != candidate[i]) {
				return false;
			}
		}
		int rest = this.prefixLength % 8;
		if (rest == 0) {
			return true;
		}
		int mask = (0xFF << (8 - rest)) & 0xFF;
		return (range[full] & mask) == (candidate[full] & mask);
	}

}
