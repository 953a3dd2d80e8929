package dev.screenshots.worker.blocking;

import java.util.Arrays;
import java.util.Map;

/**
 * A read-only map from domain names to a rule priority, for the hundred thousand and more
 * plain domain blocks of the ad and tracker lists: every name in one string, sorted, with
 * an array of where each starts, looked up by binary search. A {@code HashMap} of the
 * same entries costs about five times the memory (a node, a string and a boxed priority
 * per entry); a lookup here compares about seventeen names, which costs less than the
 * request's other rules do. No collection library we use offers a compact sorted string
 * map (Guava's immutable maps keep an object per entry), hence this class.
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
	 * @param priorities each domain and its priority
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
	 * @return how many domains the table has
	 */
	int size() {
		return this.priorities.length;
	}

	/**
	 * A domain's priority.
	 * @param name the domain, in lower case
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

	/** The order of entry {@code index} against {@code name}, as String.compareTo. */
	private int compare(int index, String name) {
		int start = this.starts[index];
		int length = this.starts[index + 1] - start;
		int common = Math.min(length, name.length());
		for (int i = 0; i < common; i++) {
			int difference = this.names.charAt(start + i) - name.charAt(i);
			if (difference != 0) {
				return difference;
			}
		}
		return length - name.length();
	}

}
