package dev.screenshots.worker.blocking;

import java.util.Locale;

/**
 * A request as the network rules see it.
 *
 * @param url the URL
 * @param host the URL's host, lower case, or {@code ""}
 * @param type the request's kind in declarativeNetRequest's words ({@code script},
 * {@code image}, {@code sub_frame}, {@code xmlhttprequest}…)
 * @param initiatorHost the host of the document that made the request, or {@code ""}
 * @param method the HTTP method, lower case
 */
public record NetworkRequest(String url, String host, String type, String initiatorHost, String method) {

	/**
	 * A request from its URL and what the browser says about it.
	 * @param url the URL
	 * @param browserType Playwright's resource type ({@code document}, {@code script},
	 * {@code xhr}…)
	 * @param mainFrame whether a {@code document} request is the top frame's
	 * @param initiatorUrl the URL of the frame that made the request, or {@code null}
	 * @param method the HTTP method
	 * @return the request
	 */
	public static NetworkRequest of(String url, String browserType, boolean mainFrame, String initiatorUrl,
			String method) {
		return new NetworkRequest(url, hostOf(url), type(browserType, mainFrame), hostOf(initiatorUrl),
				(method != null) ? method.toLowerCase(Locale.ROOT) : "get");
	}

	/**
	 * The host of a URL, lower case, or {@code ""} for a URL without one ({@code data:},
	 * {@code blob:}, {@code about:blank}). Read from the URL's text rather than with
	 * {@link java.net.URI}: the browser's URLs are canonical, but {@code URI} refuses
	 * some of them (a host with an underscore, which it takes for a registry name and
	 * gives no host; a query with {@code |}, {@code ^} or braces, which Chromium leaves
	 * as they are), and a request without a host escapes every domain rule. An IPv6 host
	 * keeps its brackets, as {@code URI} gives it.
	 * @param url the URL, or {@code null}
	 * @return the host
	 */
	public static String hostOf(String url) {
		if (url == null) {
			return "";
		}
		int schemeEnd = url.indexOf(':');
		if (schemeEnd <= 0 || !url.startsWith("//", schemeEnd + 1) || !isScheme(url, schemeEnd)) {
			return "";
		}
		int start = schemeEnd + 3;
		int end = start;
		while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
			end++;
		}
		int userInfo = url.lastIndexOf('@', end - 1);
		if (userInfo >= start) {
			start = userInfo + 1;
		}
		if (start < end && url.charAt(start) == '[') {
			int close = url.indexOf(']', start);
			return (close > start && close < end) ? url.substring(start, close + 1).toLowerCase(Locale.ROOT) : "";
		}
		int port = url.indexOf(':', start);
		if (port >= start && port < end) {
			end = port;
		}
		// a fully qualified host ("ads.example.com.") is the same host to the rules
		if (end > start + 1 && url.charAt(end - 1) == '.') {
			end--;
		}
		return url.substring(start, end).toLowerCase(Locale.ROOT);
	}

	/**
	 * Whether the text before {@code end} is a URL scheme (RFC 3986: a letter, then
	 * letters, digits, + - .).
	 */
	private static boolean isScheme(String url, int end) {
		char first = url.charAt(0);
		if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
			return false;
		}
		for (int i = 1; i < end; i++) {
			char c = url.charAt(i);
			if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.'))) {
				return false;
			}
		}
		return true;
	}

	private static String type(String browserType, boolean mainFrame) {
		return switch (browserType) {
			case "document" -> mainFrame ? "main_frame" : "sub_frame";
			case "stylesheet", "script", "image", "font", "media", "websocket", "ping" -> browserType;
			case "xhr", "fetch" -> "xmlhttprequest";
			default -> "other";
		};
	}

}
