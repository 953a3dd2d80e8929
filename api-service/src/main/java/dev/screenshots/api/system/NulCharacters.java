package dev.screenshots.api.system;

import java.util.regex.Pattern;

/**
 * PostgreSQL's {@code text} and {@code jsonb} hold no NUL character (U+0000): a value
 * with one makes the statement that writes it fail. What a client sends is checked here
 * before it is written, so that the client hears which field it was (a 400), not an
 * internal error.
 */
public final class NulCharacters {

	/**
	 * A NUL as JSON writes it (a backslash, then "u0000"), and not the text a backslash
	 * followed by "u0000" (which JSON writes with two backslashes): the backslash that
	 * starts it comes after an even run of backslashes, which are escaped pairs.
	 */
	private static final Pattern ESCAPED_NUL = Pattern.compile("(?<!\\\\)((?:\\\\\\\\)*+)\\\\u0000");

	private static final String MESSAGE = "must not contain a NUL character (\\u0000)";

	private NulCharacters() {
	}

	/**
	 * Checks a text a client gave.
	 * @param field the field that holds it
	 * @param value the text, or {@code null}
	 * @return the text
	 * @throws InvalidFieldException naming the field when it holds a NUL character
	 */
	public static String check(String field, String value) {
		if (value != null && value.indexOf('\0') >= 0) {
			throw new InvalidFieldException(field, MESSAGE);
		}
		return value;
	}

	/**
	 * Checks a client's value written as JSON.
	 * @param field the field that holds it
	 * @param json the JSON text, or {@code null}
	 * @return the JSON text
	 * @throws InvalidFieldException naming the field when a string or name in it holds a
	 * NUL character
	 */
	public static String checkJson(String field, String json) {
		if (json != null && ESCAPED_NUL.matcher(json).find()) {
			throw new InvalidFieldException(field, MESSAGE);
		}
		return json;
	}

	/**
	 * Removes the NUL characters from JSON text, leaving the rest as it was.
	 * @param json the JSON text
	 * @return the text without them
	 */
	public static String stripFromJson(String json) {
		return ESCAPED_NUL.matcher(json).replaceAll("$1");
	}

}
