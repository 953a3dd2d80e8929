package dev.screenshots.worker.blocking;

import java.util.Arrays;
import java.util.Map;

/**
 * A read-only map from names to a rule priority, for the hundred thousand and more plain
 * domain blocks of the ad and tracker lists and the seventy thousand host names of the
 * tracker list's e-mail pixels ({@link NetworkRules}): every name in one string, sorted,
 * with an array of where each starts, looked up by binary search. A {@code HashMap} of
 * the same entries costs about five times the memory (a node, a string and a boxed
 * priority per entry); a lookup here compares about seventeen names, which costs less
 * than the request's other rules do. No collection library we use offers a compact sorted
 * string map (Guava's immutable maps keep an object per entry), hence this class.
 */
final class DomainTable {

	private static final DomainTable EMPTY = new DomainTable("", new int[] { 0 }, new int[0]);

	/** The names, sorted, one after the other. */
	private final String names;

	/** Where each name starts in {@link #names}, and at the end its length. */
	private final int[] starts;

	private final int[] priorities;

	private DomainTable(String names, int[] starts, int[] priorities) {
		this.names = names;
		this.starts = starts;
		this.priorities = priorities;
	}

	/**
	 * A table of the map's entries.
	 * @param priorities each name (a domain, or a word, a space and a text) and its
	 * priority
	 * @return the table
	 */
	static DomainTable of(Map<String, Integer> priorities) {
		if (priorities.isEmpty()) {
			return EMPTY;
		}
		String[] sorted = priorities.keySet().toArray(String[]::new);
		Arrays.sort(sorted);
		StringBuilder names = new StringBuilder();
		int[] starts = new int[sorted.length + 1];
		int[] values = new int[sorted.length];
		for (int i = 0; i < sorted.length; i++) {
			starts[i] = names.length();
			names.append(sorted[i]);
			values[i] = priorities.get(sorted[i]);
		}
		starts[sorted.length] = names.length();
		return new DomainTable(names.toString(), starts, values);
	}

	/**
	 * @return how many names the table has
	 */
	int size() {
		return this.priorities.length;
	}

	/**
	 * A name's priority.
	 * @param name the name, in lower case
	 * @return its priority, or {@link Integer#MIN_VALUE} when it is not in the table
	 */
	int priority(String name) {
		int low = 0;
		int high = this.priorities.length - 1;
		while (low <= high) {
			int middle = (low + high) >>> 1;
			int order = compare(middle, name);
			if (order < 0) {
				low = middle + 1;
			}
			else if (order > 0) {
				high = middle - 1;
			}
			else {
				return this.priorities[middle];
			}
		}
		return Integer.MIN_VALUE;
	}

	/**
	 * Among the names that are a word, a space and a rest, those of one word: the best
	 * priority of those whose rest occurs in a text.
	 * @param word the word
	 * @param text the text
	 * @return the highest priority, or {@link Integer#MIN_VALUE} when no such name's rest
	 * occurs in the text
	 */
	int bestContained(String word, String text) {
		// the first name not ordered before the word and a space: the names that start
		// with them follow it
		int low = 0;
		int high = this.priorities.length;
		while (low < high) {
			int middle = (low + high) >>> 1;
			if (compareToWord(middle, word) < 0) {
				low = middle + 1;
			}
			else {
				high = middle;
			}
		}
		int best = Integer.MIN_VALUE;
		for (int index = low; index < this.priorities.length && compareToWord(index, word) == 0; index++) {
			int start = this.starts[index] + word.length() + 1;
			if (this.priorities[index] > best && occurs(start, this.starts[index + 1] - start, text)) {
				best = this.priorities[index];
			}
		}
		return best;
	}

	/**
	 * The order of entry {@code index}, cut after as many characters as {@code word} and
	 * a space have, against them: 0 for a name that starts with the word and a space.
	 */
	private int compareToWord(int index, String word) {
		int difference = firstDifference(index, word);
		if (difference != 0) {
			return difference;
		}
		int start = this.starts[index];
		if (this.starts[index + 1] - start <= word.length()) {
			return -1;
		}
		return this.names.charAt(start + word.length()) - ' ';
	}

	/** Whether the part of {@link #names} at {@code start} occurs in {@code text}. */
	private boolean occurs(int start, int length, String text) {
		for (int at = 0; at + length <= text.length(); at++) {
			if (text.regionMatches(at, this.names, start, length)) {
				return true;
			}
		}
		return false;
	}

	/** The order of entry {@code index} against {@code name}, as String.compareTo. */
	private int compare(int index, String name) {
		int difference = firstDifference(index, name);
		return (difference != 0) ? difference : (this.starts[index + 1] - this.starts[index]) - name.length();
	}

	/**
	 * The difference of the first character in which entry {@code index} and
	 * {@code other} differ, within the shorter one's length; 0 when one starts with the
	 * other.
	 */
	private int firstDifference(int index, String other) {
		int start = this.starts[index];
		int common = Math.min(this.starts[index + 1] - start, other.length());
		for (int i = 0; i < common; i++) {
			int difference = this.names.charAt(start + i) - other.charAt(i);
			if (difference != 0) {
				return difference;
			}
		}
		return 0;
	}

}
