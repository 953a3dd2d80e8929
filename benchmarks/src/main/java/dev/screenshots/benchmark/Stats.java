package dev.screenshots.benchmark;

import java.util.Arrays;
import java.util.Collection;

/**
 * Percentiles of a set of durations in milliseconds (nearest-rank).
 *
 * @param count how many
 * @param p50 the median
 * @param p90 the 90th percentile
 * @param p99 the 99th percentile
 * @param max the largest
 * @param mean the mean
 */
record Stats(int count, double p50, double p90, double p99, double max, double mean) {

	static Stats of(Collection<Double> millis) {
		double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		if (sorted.length == 0) {
			return new Stats(0, 0, 0, 0, 0, 0);
		}
		return new Stats(sorted.length, rank(sorted, 0.50), rank(sorted, 0.90), rank(sorted, 0.99),
				sorted[sorted.length - 1], Arrays.stream(sorted).average().orElse(0));
	}

	private static double rank(double[] sorted, double quantile) {
		int index = (int) Math.ceil(quantile * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

}
