package dev.screenshots.api.system;

import java.util.regex.Pattern;

/**
 * Text a client sends that the database stores. PostgreSQL's {@code text} and
 * {@code jsonb} hold no NUL character (U+0000): a value with one made the statement that
 * writes it fail, a 500. Nor can UTF-8 carry a lone surrogate (half of a pair, which JSON
 * lets a client write as an escape): the driver stored a {@code ?} in its place, silently
 * changing what the client sent. Both are refused here before anything is written, naming
 * the field.
 */
public final class StoredText {

	/**
	 * A NUL as JSON writes it (a backslash, then "u0000"), and not the text a backslash
	 * followed by "u0000" (which JSON writes with two backslashes): the backslash that
	 * starts it comes after an even run of backslashes, which are escaped pairs.
	 */
	private static final Pattern ESCAPED_NUL = Pattern.compile("(?<!\\\\)((?:\\\\\\\\)*+)\\\\u0000");

	private static final String MESSAGE = "must not contain a NUL character (\\u0000) or half of a surrogate pair";

	private StoredText() {
	}

	/**
	 * Checks a text a client gave.
	 * @param field the field that holds it
	 * @param value the text, or {@code null}
	 * @return the text
	 * @throws InvalidFieldException naming the field when it holds a NUL character or a
	 * lone surrogate
	 */
	public static String check(String field, String value) {
		if (value != null && (value.indexOf('\0') >= 0 || hasLoneSurrogate(value))) {
			throw new InvalidFieldException(field, MESSAGE);
		}
		return value;
	}

	/**
	 * Checks a client's value written as JSON (where a NUL is an escape and a lone
	 * surrogate a character of its own).
	 * @param field the field that holds it
	 * @param json the JSON text, or {@code null}
	 * @return the JSON text
	 * @throws InvalidFieldException naming the field when a string or name in it holds a
	 * NUL character or a lone surrogate
	 */
	public static String checkJson(String field, String json) {
		if (json != null && (ESCAPED_NUL.matcher(json).find() || hasLoneSurrogate(json))) {
			throw new InvalidFieldException(field, MESSAGE);
		}
		return json;
	}

	/**
	 * Removes the NUL characters from JSON text, leaving the rest as it was.
	 * @param json the JSON text
	 * @return the text without them
	 */
	public static String stripNulFromJson(String json) {
		return ESCAPED_NUL.matcher(json).replaceAll("$1");
	}

	private static boolean hasLoneSurrogate(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return true;
			}
		}
		return false;
	}

}
