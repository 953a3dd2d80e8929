package dev.screenshots.worker.blocking;

import java.net.URI;
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
	 * The host of a URL, lower case, or {@code ""}.
	 * @param url the URL, or {@code null}
	 * @return the host
	 */
	public static String hostOf(String url) {
		if (url == null) {
			return "";
		}
		try {
			String host = URI.create(url).getHost();
			return (host != null) ? host.toLowerCase(Locale.ROOT) : "";
		}
		catch (IllegalArgumentException ex) {
			return "";
		}
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
