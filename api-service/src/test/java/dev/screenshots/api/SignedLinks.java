package dev.screenshots.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs render links the way docs/render-links.md tells a client to, written apart from
 * the service's own signing code so that the tests check the documented algorithm, not
 * the service against itself: RFC 3986 encoding by the common
 * {@code URLEncoder}-and-fix-up route, pairs sorted, HMAC-SHA256 in lower-case hex.
 */
public final class SignedLinks {

	private SignedLinks() {
	}

	/**
	 * A signed {@code /render} path and query.
	 * @param secret the tenant's render secret
	 * @param params the parameters, {@code key} and {@code expires} included, in link
	 * order; a name may repeat
	 * @return {@code /render?…&signature=…}
	 */
	public static String sign(String secret, List<Map.Entry<String, String>> params) {
		String query = params.stream()
			.map((param) -> rfc3986(param.getKey()) + "=" + rfc3986(param.getValue()))
			.collect(Collectors.joining("&"));
		return "/render?" + query + "&signature=" + signature(secret, params);
	}

	/**
	 * The signature of a set of parameters.
	 * @param secret the render secret
	 * @param params the parameters, without {@code signature}
	 * @return the HMAC-SHA256 of the canonical query, lower-case hex
	 */
	public static String signature(String secret, List<Map.Entry<String, String>> params) {
		List<String[]> encoded = new ArrayList<>();
		for (Map.Entry<String, String> param : params) {
			encoded.add(new String[] { rfc3986(param.getKey()), rfc3986(param.getValue()) });
		}
		// by name, then value: not by the joined "name=value", which puts "a-b=" before
		// "a=" ('-' sorts below '=')
		encoded.sort((a, b) -> (a[0].equals(b[0])) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
		List<String> pairs = encoded.stream().map((pair) -> pair[0] + "=" + pair[1]).toList();
		String canonical = String.join("&", pairs);
		try {
			Mac hmac = Mac.getInstance("HmacSHA256");
			hmac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(hmac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String rfc3986(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8)
			.replace("+", "%20")
			.replace("*", "%2A")
			.replace("%7E", "~");
	}

}
