package dev.screenshots.api.screenshots;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A URL in the form two identical requests share for the result cache (RFC 3986 section
 * 6.2.2 and 6.2.3): scheme and host in lower case, the default port dropped, an empty
 * path written {@code /} and dot segments removed. The query is kept as it is (its order
 * can matter to the server), and so is the fragment: it never reaches the server, but
 * single-page applications route by it ({@code #/invoice/1}).
 */
final class NormalisedUrl {

	private NormalisedUrl() {
	}

	/**
	 * Normalises an absolute http or https URL.
	 * @param url the URL as submitted
	 * @return its normal form; the URL unchanged if it cannot be parsed
	 */
	static String of(String url) {
		try {
			URI uri = new URI(url).normalize();
			if (uri.getScheme() == null || uri.getRawAuthority() == null) {
				return url;
			}
			String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
			int port = uri.getPort();
			boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
			StringBuilder normal = new StringBuilder(scheme).append("://");
			if (uri.getRawUserInfo() != null) {
				normal.append(uri.getRawUserInfo()).append('@');
			}
			normal.append((uri.getHost() != null) ? uri.getHost().toLowerCase(Locale.ROOT) : uri.getRawAuthority());
			if (port >= 0 && !defaultPort) {
				normal.append(':').append(port);
			}
			String path = uri.getRawPath();
			normal.append((path == null || path.isEmpty()) ? "/" : path);
			if (uri.getRawQuery() != null) {
				normal.append('?').append(uri.getRawQuery());
			}
			if (uri.getRawFragment() != null) {
				normal.append('#').append(uri.getRawFragment());
			}
			return normal.toString();
		}
		catch (URISyntaxException ex) {
			return url;
		}
	}

}
