package dev.screenshots.api.render;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.screenshots.api.system.InvalidFieldException;

/**
 * The query of a render link,
 * {@code /render?url=…&<options>&key=…&expires=…&signature=…}, as the parameters it
 * holds, in order, decoded, and the canonical form its signature is computed over:
 * <ol>
 * <li>every parameter except {@code signature};</li>
 * <li>each name and value percent-encoded per RFC 3986: unreserved characters
 * ({@code A–Z a–z 0–9 - . _ ~}) as they are, every other UTF-8 byte as {@code %XX} with
 * upper-case hex (a space is {@code %20});</li>
 * <li>written {@code name=value} and sorted by name, then by value (plain ASCII
 * order);</li>
 * <li>joined with {@code &}.</li>
 * </ol>
 * The signature is HMAC-SHA256 of that string's UTF-8 bytes, keyed with the tenant's
 * render secret as UTF-8 bytes, in lower-case hex. In the link itself, parameters are
 * percent-encoded as in any URL; a {@code +} there means a space, as in HTML forms.
 *
 * @param params the parameters in the order of the link
 */
record RenderLink(List<Param> params) {

	static final String SIGNATURE = "signature";

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	/**
	 * Reads a raw query string.
	 * @param rawQuery the query as sent, still percent-encoded, or {@code null}
	 * @return the link
	 * @throws InvalidFieldException if a parameter is not valid percent-encoding
	 */
	static RenderLink parse(String rawQuery) {
		List<Param> params = new ArrayList<>();
		if (rawQuery == null) {
			return new RenderLink(params);
		}
		for (String pair : rawQuery.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = (equals < 0) ? pair : pair.substring(0, equals);
			String value = (equals < 0) ? "" : pair.substring(equals + 1);
			params.add(new Param(decode(name, name), decode(name, value)));
		}
		return new RenderLink(List.copyOf(params));
	}

	private static String decode(String name, String text) {
		String decoded;
		try {
			decoded = URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidFieldException(name, "is not valid percent-encoding");
		}
		if (decoded.indexOf('\0') >= 0) {
			throw new InvalidFieldException(name.replace("\0", ""), "must not contain a NUL character");
		}
		return decoded;
	}

	/**
	 * The value of a parameter that may appear at most once.
	 * @param name the parameter
	 * @return its value, or empty if absent
	 * @throws InvalidFieldException if it appears more than once
	 */
	Optional<String> single(String name) {
		List<String> values = this.params.stream()
			.filter((param) -> param.name().equals(name))
			.map(Param::value)
			.toList();
		if (values.size() > 1) {
			throw new InvalidFieldException(name, "must be given once");
		}
		return values.stream().findFirst();
	}

	/**
	 * The string the signature is computed over.
	 * @return every parameter but {@code signature}, encoded and sorted
	 */
	String canonical() {
		return this.params.stream()
			.filter((param) -> !param.name().equals(SIGNATURE))
			.map((param) -> new String[] { encode(param.name()), encode(param.value()) })
			.sorted(Comparator.<String[], String>comparing((pair) -> pair[0]).thenComparing((pair) -> pair[1]))
			.map((pair) -> pair[0] + "=" + pair[1])
			.collect(Collectors.joining("&"));
	}

	/**
	 * What the link asks for, without who asks and for how long: the canonical query
	 * without {@code key} and {@code expires}. Two links with the same request capture
	 * the same thing.
	 * @return the canonical request
	 */
	String canonicalRequest() {
		return new RenderLink(this.params.stream()
			.filter((param) -> !param.name().equals("key") && !param.name().equals("expires"))
			.toList()).canonical();
	}

	/**
	 * Signs a canonical query.
	 * @param secret the tenant's render secret
	 * @param canonical the canonical query
	 * @return the HMAC-SHA256, lower-case hex
	 */
	static String sign(String secret, String canonical) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Percent-encodes per RFC 3986 (section 2.1 and 2.3).
	 * @param text the text
	 * @return unreserved characters as they are, every other UTF-8 byte as {@code %XX}
	 */
	static String encode(String text) {
		StringBuilder encoded = new StringBuilder(text.length());
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xFF);
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
					|| c == '_' || c == '~') {
				encoded.append(c);
			}
			else {
				encoded.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
			}
		}
		return encoded.toString();
	}

	/**
	 * One parameter, decoded.
	 *
	 * @param name its name
	 * @param value its value; empty when the link gives none
	 */
	record Param(String name, String value) {
	}

}
