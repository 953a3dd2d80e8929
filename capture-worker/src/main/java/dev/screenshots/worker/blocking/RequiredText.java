package dev.screenshots.worker.blocking;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A regular expression with, for each of its top-level alternatives, a piece of plain
 * text every match of that alternative contains: a string that contains none of them
 * cannot match, which {@link String#contains} says far faster than the expression.
 * autoconsent's site rules name their sites by expressions
 * ({@code ^https?://(www\.)?example\.com/}), hundreds of them, and a page asks all of
 * them; most pages are on none of those sites.
 *
 * <p>
 * Written here because no kept library does this for {@code java.util.regex} (RE2/J and
 * Lucene's automata would mean a second regular-expression dialect next to the one the
 * rules are written in). The reading is deliberately narrow: the text is a run of plain
 * characters at the alternative's top level, outside every group and class, with no
 * quantifier on any of them; an expression it cannot read safely (flags, quoting, an
 * escape of more than one character such as {@code \x41} or a back-reference, a class
 * that starts with {@code ]}, characters outside the BMP) gets no text, and is always
 * asked.
 */
final class RequiredText {

	/**
	 * Runs shorter than this are not worth a test: nearly every URL would contain them.
	 */
	private static final int SHORTEST = 4;

	private final Pattern pattern;

	/** One text per top-level alternative, or {@code null} to always ask the pattern. */
	private final List<String> texts;

	private RequiredText(Pattern pattern, List<String> texts) {
		this.pattern = pattern;
		this.texts = texts;
	}

	/**
	 * @param pattern the compiled expression
	 * @return the expression with the text its matches need
	 */
	static RequiredText of(Pattern pattern) {
		// flags (case, comments, literal) change what the text means: always asked
		return new RequiredText(pattern, (pattern.flags() == 0) ? texts(pattern.pattern()) : null);
	}

	/**
	 * @return the text each top-level alternative needs, or {@code null} when the
	 * expression is always asked
	 */
	List<String> needed() {
		return this.texts;
	}

	/**
	 * Whether the expression finds a match in the input, as {@code matcher(input).find()}
	 * says.
	 * @param input the input
	 * @return whether it matches
	 */
	boolean find(String input) {
		if (this.texts != null && this.texts.stream().noneMatch(input::contains)) {
			return false;
		}
		return this.pattern.matcher(input).find();
	}

	/**
	 * The text each top-level alternative needs, or {@code null} when one of them needs
	 * none that can be read safely.
	 */
	static List<String> texts(String regex) {
		if (regex.contains("\\Q") || regex.contains("[]") || regex.contains("[^]") || hasInlineFlags(regex)
				|| hasUnreadEscape(regex) || regex.chars().anyMatch((c) -> Character.isSurrogate((char) c))) {
			// quoting; a class whose first character is "]"; flags; escapes that take
			// more than one character; characters outside the BMP (two chars each)
			return null;
		}
		List<String> alternatives = alternatives(regex);
		if (alternatives == null) {
			return null;
		}
		List<String> texts = new ArrayList<>();
		for (String alternative : alternatives) {
			String longest = longestRun(alternative);
			if (longest.length() < SHORTEST) {
				return null;
			}
			texts.add(longest);
		}
		return texts;
	}

	/**
	 * Whether an escape takes more than the character after the backslash, or is not one
	 * character: {@code \x41}, {@code \u0041}, {@code \0101}, {@code \cA}, {@code \pL},
	 * {@code \k<name>}, back-references. Only the classes and boundaries
	 * {@code \d \D \w \W \s \S \b \B} and escaped punctuation are read.
	 */
	private static boolean hasUnreadEscape(String regex) {
		for (int i = 0; i < regex.length(); i++) {
			if (regex.charAt(i) == '\\') {
				if (i + 1 >= regex.length()) {
					return true;
				}
				char escaped = regex.charAt(i + 1);
				if (Character.isLetterOrDigit(escaped) && "dDwWsSbB".indexOf(escaped) < 0) {
					return true;
				}
				i++;
			}
		}
		return false;
	}

	/**
	 * {@code (?i)} and the like change how the rest matches: such an expression is not
	 * read.
	 */
	private static boolean hasInlineFlags(String regex) {
		for (int at = regex.indexOf("(?"); at >= 0; at = regex.indexOf("(?", at + 1)) {
			char next = (at + 2 < regex.length()) ? regex.charAt(at + 2) : ':';
			if (next != ':' && next != '=' && next != '!' && next != '<') {
				return true;
			}
		}
		return false;
	}

	/**
	 * The expression split at its top-level {@code |}, or {@code null} when a class holds
	 * a {@code [} (a class within a class in Java's dialect, a plain character in
	 * JavaScript's): where such a class ends is not read.
	 */
	private static List<String> alternatives(String regex) {
		List<String> alternatives = new ArrayList<>();
		int depth = 0;
		boolean inClass = false;
		int start = 0;
		for (int i = 0; i < regex.length(); i++) {
			char c = regex.charAt(i);
			if (c == '\\') {
				i++;
			}
			else if (inClass) {
				if (c == '[') {
					return null;
				}
				inClass = c != ']';
			}
			else if (c == '[') {
				inClass = true;
			}
			else if (c == '(') {
				depth++;
			}
			else if (c == ')') {
				depth--;
			}
			else if (c == '|' && depth == 0) {
				alternatives.add(regex.substring(start, i));
				start = i + 1;
			}
		}
		alternatives.add(regex.substring(start));
		return alternatives;
	}

	/**
	 * The longest run of plain characters at the top level of one alternative: a
	 * quantifier takes its character out of the run, and anything else that is not a
	 * plain character (a group, a class, {@code .}, an anchor, an escaped letter) ends
	 * it.
	 */
	private static String longestRun(String alternative) {
		String longest = "";
		StringBuilder run = new StringBuilder();
		int i = 0;
		while (i < alternative.length()) {
			char c = alternative.charAt(i);
			if (c == '?' || c == '*' || c == '+' || c == '{') {
				// the atom before is optional or repeated: not part of a run
				if (!run.isEmpty()) {
					run.setLength(run.length() - 1);
				}
				longest = longer(longest, run);
				run.setLength(0);
				i = (c == '{') ? skipPast(alternative, i, '}') : i + 1;
				continue;
			}
			if (c == '\\' && i + 1 < alternative.length()) {
				char escaped = alternative.charAt(i + 1);
				if (Character.isLetterOrDigit(escaped)) {
					// a class (\d, \w) or a boundary (\b): other letters are not read
					longest = longer(longest, run);
					run.setLength(0);
					i += 2;
					continue;
				}
				append(run, escaped);
				i += 2;
				continue;
			}
			if (c == '(' || c == '[') {
				longest = longer(longest, run);
				run.setLength(0);
				i = skipGroup(alternative, i);
				// a quantifier on the group applies to the group, not to the run before
				// it
				continue;
			}
			if (c == '.' || c == '^' || c == '$' || c == ')' || c == ']' || c == '}') {
				longest = longer(longest, run);
				run.setLength(0);
				i++;
				continue;
			}
			append(run, c);
			i++;
		}
		return longer(longest, run);
	}

	/**
	 * Adds a character to a run; a run that reaches {@code ://} starts again after it:
	 * the scheme is in nearly every URL, so {@code https://} would be a poor text to look
	 * for where the site's name follows (a part of a needed run is needed too).
	 */
	private static void append(StringBuilder run, char c) {
		run.append(c);
		int length = run.length();
		if (length >= 3 && run.charAt(length - 3) == ':' && run.charAt(length - 2) == '/' && c == '/') {
			run.setLength(0);
		}
	}

	/** The index just past the group or class that starts at {@code start}. */
	private static int skipGroup(String text, int start) {
		int depth = 0;
		boolean inClass = false;
		for (int i = start; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\\') {
				i++;
			}
			else if (inClass) {
				if (c == ']') {
					inClass = false;
					if (depth == 0) {
						return skipQuantifier(text, i + 1);
					}
				}
			}
			else if (c == '[') {
				inClass = true;
			}
			else if (c == '(') {
				depth++;
			}
			else if (c == ')') {
				depth--;
				if (depth == 0) {
					return skipQuantifier(text, i + 1);
				}
			}
		}
		return text.length();
	}

	/** Past a quantifier that follows a group or class, if there is one. */
	private static int skipQuantifier(String text, int at) {
		if (at >= text.length()) {
			return at;
		}
		char c = text.charAt(at);
		int next = (c == '{') ? skipPast(text, at, '}') : (c == '?' || c == '*' || c == '+') ? at + 1 : at;
		if (next > at && next < text.length() && (text.charAt(next) == '?' || text.charAt(next) == '+')) {
			next++; // a lazy or possessive quantifier
		}
		return next;
	}

	private static int skipPast(String text, int at, char end) {
		int found = text.indexOf(end, at);
		return (found < 0) ? text.length() : found + 1;
	}

	private static String longer(String longest, StringBuilder run) {
		return (run.length() > longest.length()) ? run.toString() : longest;
	}

}
