package dev.screenshots.worker.compare;

/**
 * The perceptual pixel comparison of mapbox/pixelmatch (ISC licence), implemented from
 * its published algorithm because no maintained JVM library implements it: two pixels
 * differ when their colour distance in the YIQ space (Kotsarenko and Ramos, 2010) passes
 * {@code 35215 × threshold²}; a differing pixel that either image shows as anti-aliasing
 * (Vyšniauskas, 2009: a pixel with at most two identical neighbours, between its darkest
 * and its brightest neighbour, one of which has at least three identical neighbours in
 * both images) is not counted. The diff image shows counted pixels red and anti-aliased
 * ones yellow over a faded grey copy of the first image; masked pixels are not compared
 * and stay faded.
 *
 * <p>
 * Images are ARGB ints, row by row, of the same size.
 */
public final class Pixelmatch {

	/** The largest squared YIQ distance of any two colours (pixelmatch's constant). */
	private static final double MAX_DELTA = 35215;

	private static final int DIFF = 0xFFFF0000;

	private static final int ANTI_ALIASED = 0xFFFFFF00;

	private Pixelmatch() {
	}

	/**
	 * Compares two images.
	 * @param first the first image (the baseline), ARGB
	 * @param second the second image (the capture), ARGB
	 * @param width their width
	 * @param height their height
	 * @param threshold 0–1, smaller is more sensitive; pixelmatch's default is 0.1
	 * @param mask pixels not compared ({@code true}), or {@code null}
	 * @param diff where the diff image is drawn (ARGB), or {@code null}
	 * @return how many pixels differ
	 */
	public static int compare(int[] first, int[] second, int width, int height, double threshold, boolean[] mask,
			int[] diff) {
		double maxDelta = MAX_DELTA * threshold * threshold;
		int different = 0;
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				int at = y * width + x;
				if (mask != null && mask[at]) {
					if (diff != null) {
						diff[at] = grey(first[at], 0.1);
					}
					continue;
				}
				double delta = colourDelta(first[at], second[at], false);
				if (Math.abs(delta) > maxDelta) {
					if (antiAliased(first, x, y, width, height, second)
							|| antiAliased(second, x, y, width, height, first)) {
						if (diff != null) {
							diff[at] = ANTI_ALIASED;
						}
					}
					else {
						if (diff != null) {
							diff[at] = DIFF;
						}
						different++;
					}
				}
				else if (diff != null) {
					diff[at] = grey(first[at], 0.1);
				}
			}
		}
		return different;
	}

	/**
	 * Whether a pixel is anti-aliasing: among its neighbours at most two equal it, and it
	 * lies between its darkest and brightest neighbour, one of which has many identical
	 * siblings in both images.
	 */
	static boolean antiAliased(int[] image, int x1, int y1, int width, int height, int[] other) {
		int x0 = Math.max(x1 - 1, 0);
		int y0 = Math.max(y1 - 1, 0);
		int x2 = Math.min(x1 + 1, width - 1);
		int y2 = Math.min(y1 + 1, height - 1);
		int centre = image[y1 * width + x1];
		int zeroes = (x1 == x0 || x1 == x2 || y1 == y0 || y1 == y2) ? 1 : 0;
		double min = 0;
		double max = 0;
		int minX = 0;
		int minY = 0;
		int maxX = 0;
		int maxY = 0;
		for (int x = x0; x <= x2; x++) {
			for (int y = y0; y <= y2; y++) {
				if (x == x1 && y == y1) {
					continue;
				}
				double delta = colourDelta(centre, image[y * width + x], true);
				if (delta == 0) {
					zeroes++;
					if (zeroes > 2) {
						return false;
					}
				}
				else if (delta < min) {
					min = delta;
					minX = x;
					minY = y;
				}
				else if (delta > max) {
					max = delta;
					maxX = x;
					maxY = y;
				}
			}
		}
		if (min == 0 || max == 0) {
			return false;
		}
		return (manySiblings(image, minX, minY, width, height) && manySiblings(other, minX, minY, width, height))
				|| (manySiblings(image, maxX, maxY, width, height) && manySiblings(other, maxX, maxY, width, height));
	}

	/**
	 * Whether more than two of a pixel's neighbours (an edge counting as one) equal it.
	 */
	private static boolean manySiblings(int[] image, int x1, int y1, int width, int height) {
		int x0 = Math.max(x1 - 1, 0);
		int y0 = Math.max(y1 - 1, 0);
		int x2 = Math.min(x1 + 1, width - 1);
		int y2 = Math.min(y1 + 1, height - 1);
		int centre = image[y1 * width + x1];
		int zeroes = (x1 == x0 || x1 == x2 || y1 == y0 || y1 == y2) ? 1 : 0;
		for (int x = x0; x <= x2; x++) {
			for (int y = y0; y <= y2; y++) {
				if (x == x1 && y == y1) {
					continue;
				}
				if (image[y * width + x] == centre) {
					zeroes++;
				}
				if (zeroes > 2) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * The squared YIQ distance of two pixels, each blended onto white by its alpha;
	 * negative when the second is brighter (as pixelmatch signs it), or only the
	 * brightness difference when {@code brightnessOnly}.
	 */
	static double colourDelta(int first, int second, boolean brightnessOnly) {
		if (first == second) {
			return 0;
		}
		double a1 = ((first >>> 24) & 0xFF) / 255.0;
		double a2 = ((second >>> 24) & 0xFF) / 255.0;
		double r1 = blend((first >> 16) & 0xFF, a1);
		double g1 = blend((first >> 8) & 0xFF, a1);
		double b1 = blend(first & 0xFF, a1);
		double r2 = blend((second >> 16) & 0xFF, a2);
		double g2 = blend((second >> 8) & 0xFF, a2);
		double b2 = blend(second & 0xFF, a2);
		double y1 = luma(r1, g1, b1);
		double y2 = luma(r2, g2, b2);
		double y = y1 - y2;
		if (brightnessOnly) {
			return y;
		}
		double i = inPhase(r1, g1, b1) - inPhase(r2, g2, b2);
		double q = quadrature(r1, g1, b1) - quadrature(r2, g2, b2);
		double delta = 0.5053 * y * y + 0.299 * i * i + 0.1957 * q * q;
		return (y1 > y2) ? -delta : delta;
	}

	private static double luma(double r, double g, double b) {
		return r * 0.29889531 + g * 0.58662247 + b * 0.11448223;
	}

	private static double inPhase(double r, double g, double b) {
		return r * 0.59597799 - g * 0.27417610 - b * 0.32180189;
	}

	private static double quadrature(double r, double g, double b) {
		return r * 0.21147017 - g * 0.52261711 + b * 0.31114694;
	}

	/** A channel over white at an opacity. */
	private static double blend(double channel, double alpha) {
		return 255 + (channel - 255) * alpha;
	}

	/** The pixel's brightness as grey, faded towards white. */
	private static int grey(int pixel, double alpha) {
		double value = blend(luma((pixel >> 16) & 0xFF, (pixel >> 8) & 0xFF, pixel & 0xFF),
				alpha * ((pixel >>> 24) & 0xFF) / 255.0);
		int level = (int) Math.round(Math.max(0, Math.min(255, value)));
		return 0xFF000000 | (level << 16) | (level << 8) | level;
	}

}
