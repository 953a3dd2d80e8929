package dev.screenshots.api.screenshots;

import java.util.List;

/**
 * The {@code wait} preference of a request (RFC 7240, {@code Prefer: wait=N}): how many
 * seconds the client is willing to wait for the finished job instead of a {@code 202}.
 * Capped at {@link #MAX_SECONDS}; a preference that cannot be read is ignored, as RFC
 * 7240 asks (section 2).
 *
 * @param seconds 0 (do not wait) to {@link #MAX_SECONDS}
 */
record PreferWait(int seconds) {

	static final int MAX_SECONDS = 60;

	static final PreferWait NONE = new PreferWait(0);

	/**
	 * Reads the {@code wait} preference from the {@code Prefer} header values.
	 * @param headers the header values, or {@code null}
	 * @return the preference, or {@link #NONE}
	 */
	static PreferWait of(List<String> headers) {
		if (headers == null) {
			return NONE;
		}
		for (String header : headers) {
			for (String preference : header.split(",")) {
				String token = preference.split(";", 2)[0].trim();
				int equals = token.indexOf('=');
				if (equals < 0 || !token.substring(0, equals).trim().equalsIgnoreCase("wait")) {
					continue;
				}
				String value = token.substring(equals + 1).trim().replace("\"", "");
				try {
					long seconds = Long.parseLong(value);
					return (seconds <= 0) ? NONE : new PreferWait((int) Math.min(seconds, MAX_SECONDS));
				}
				catch (NumberFormatException ex) {
					return NONE;
				}
			}
		}
		return NONE;
	}

}
