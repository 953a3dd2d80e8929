package dev.screenshots.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@code screenshot}.
 *
 * @param api the API's base URL
 * @param key the API key
 * @param waitForResult wait for every job to finish ({@code --wait})
 * @param timeout how long to wait in all ({@code --timeout}, seconds)
 * @param out where images go ({@code --out}); with {@code --wait} only
 * @param priority {@code high}, {@code normal} or {@code low}, or {@code null}
 * @param captureOptions capture options for every URL
 * @param urls the pages
 * @param help {@code --help}
 * @param batchFile {@code screenshot batch FILE}: the file of requests, one per line;
 * then {@code urls} is empty and {@code waitForResult} is set
 * @param compare {@code screenshot compare}: how to compare, or {@code null}
 */
record CliOptions(String api, String key, boolean waitForResult, Duration timeout, Path out, String priority,
		Map<String, Object> captureOptions, List<String> urls, boolean help, Path batchFile, Comparing compare) {

	/**
	 * What {@code screenshot compare} compares with, and how.
	 *
	 * @param baseline the baseline's name (with several URLs, each URL's own is this
	 * name, a dash and the URL's file name)
	 * @param threshold the per-pixel threshold, or {@code null} for the service's
	 * @param maxMismatchPercent the share of differing pixels still counted the same, or
	 * {@code null}
	 * @param ignoreSelectors elements not compared
	 * @param create create missing baselines from these captures
	 * @param approve make changed captures the baselines' next versions
	 */
	record Comparing(String baseline, Double threshold, Double maxMismatchPercent, List<String> ignoreSelectors,
			boolean create, boolean approve) {
	}

	static final String USAGE = """
			usage: screenshot [options] URL...
			       screenshot batch [options] FILE
			       screenshot compare --baseline NAME [options] URL...
			  batch FILE         submit every line of FILE in batches of 100 (a URL, or a JSON request
			                     as POST /screenshots takes it), follow them with a progress bar,
			                     download what completed to --out; --wait is implied
			  compare URL...     capture each URL, compare it with its baseline, download the diff
			                     images to --out (default screenshot-diffs), print a table; exit 1
			                     when a page changed beyond the threshold or has no baseline
			    --baseline NAME  the baseline (several URLs: NAME-<host-path> each)
			    --threshold T    per-pixel colour threshold 0-1 (default 0.1)
			    --max-mismatch P the percentage of pixels that may differ (default 0)
			    --ignore SEL     a CSS selector whose elements are not compared (repeatable)
			    --create         make missing baselines from these captures
			    --approve        make changed captures the baselines' next versions
			  --api URL          the API (default $SCREENSHOTS_API_URL, else http://127.0.0.1:8080)
			  --key KEY          the API key (default $SCREENSHOTS_API_KEY)
			  --wait             wait for the jobs and exit non-zero if any did not complete
			  --timeout SECONDS  how long --wait waits in all (default 300)
			  --out DIR          with --wait: download the images there (NN-host-path.ext)
			  --format F         png (default), jpeg, webp or pdf
			  --full-page        the whole page, not the viewport
			  --width N --height N
			                     the viewport (default 1280 x 720)
			  --device NAME      a device preset, e.g. "iPhone 15"
			  --priority P       high, normal or low
			  --option NAME=VALUE
			                     any other capture option (repeatable; VALUE is JSON if it parses,
			                     else a string), e.g. --option delayMs=500 --option colorScheme=dark
			exit status: 0 all completed (or, without --wait, all accepted), 1 a job failed or
			did not finish in time, 2 usage or connection error""";

	static CliOptions parse(String[] args, Map<String, String> env) {
		String api = env.getOrDefault("SCREENSHOTS_API_URL", "http://127.0.0.1:8080");
		String key = env.get("SCREENSHOTS_API_KEY");
		boolean waitForResult = false;
		Duration timeout = Duration.ofSeconds(300);
		Path out = null;
		String priority = null;
		Map<String, Object> options = new LinkedHashMap<>();
		List<String> urls = new ArrayList<>();
		boolean batch = args.length > 0 && args[0].equals("batch");
		boolean compare = args.length > 0 && args[0].equals("compare");
		String baseline = null;
		Double threshold = null;
		Double maxMismatch = null;
		List<String> ignore = new ArrayList<>();
		boolean create = false;
		boolean approve = false;
		for (int i = (batch || compare) ? 1 : 0; i < args.length; i++) {
			String arg = args[i];
			if (!compare && List.of("--baseline", "--threshold", "--max-mismatch", "--ignore", "--create", "--approve")
				.contains(arg)) {
				throw new IllegalArgumentException(arg + " belongs to screenshot compare");
			}
			switch (arg) {
				case "-h", "--help" -> {
					return new CliOptions(api, key, false, timeout, null, null, Map.of(), List.of(), true, null, null);
				}
				case "--baseline" -> baseline = value(args, ++i, arg);
				case "--threshold" -> threshold = fraction(value(args, ++i, arg), arg, 1);
				case "--max-mismatch" -> maxMismatch = fraction(value(args, ++i, arg), arg, 100);
				case "--ignore" -> ignore.add(value(args, ++i, arg));
				case "--create" -> create = true;
				case "--approve" -> approve = true;
				case "--api" -> api = value(args, ++i, arg);
				case "--key" -> key = value(args, ++i, arg);
				case "--wait" -> waitForResult = true;
				case "--timeout" -> timeout = Duration.ofSeconds(positive(value(args, ++i, arg), arg));
				case "--out" -> out = Path.of(value(args, ++i, arg));
				case "--format" -> options.put("format", value(args, ++i, arg));
				case "--full-page" -> options.put("fullPage", true);
				case "--width" -> options.put("width", positive(value(args, ++i, arg), arg));
				case "--height" -> options.put("height", positive(value(args, ++i, arg), arg));
				case "--device" -> options.put("device", value(args, ++i, arg));
				case "--priority" -> priority = value(args, ++i, arg);
				case "--option" -> option(options, value(args, ++i, arg));
				default -> {
					if (arg.startsWith("--")) {
						throw new IllegalArgumentException("unknown option " + arg);
					}
					urls.add(arg);
				}
			}
		}
		Path batchFile = null;
		Comparing comparing = null;
		if (compare) {
			if (baseline == null) {
				throw new IllegalArgumentException("compare needs --baseline NAME");
			}
			if (urls.isEmpty()) {
				throw new IllegalArgumentException("give at least one URL");
			}
			comparing = new Comparing(baseline, threshold, maxMismatch, List.copyOf(ignore), create, approve);
			waitForResult = true;
			out = (out != null) ? out : Path.of("screenshot-diffs");
		}
		if (batch) {
			if (urls.size() != 1) {
				throw new IllegalArgumentException("batch wants one FILE");
			}
			batchFile = Path.of(urls.get(0));
			urls.clear();
			waitForResult = true;
		}
		else if (urls.isEmpty()) {
			throw new IllegalArgumentException("give at least one URL");
		}
		if (key == null || key.isBlank()) {
			throw new IllegalArgumentException("no API key: use --key or set SCREENSHOTS_API_KEY");
		}
		if (out != null && !waitForResult) {
			throw new IllegalArgumentException("--out needs --wait (images exist once the jobs completed)");
		}
		return new CliOptions(api, key, waitForResult, timeout, out, priority, options, List.copyOf(urls), false,
				batchFile, comparing);
	}

	private static double fraction(String value, String option, double max) {
		try {
			double number = Double.parseDouble(value);
			if (number >= 0 && number <= max) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw new IllegalArgumentException(option + " must be a number from 0 to " + (int) max + ", got " + value);
	}

	private static String value(String[] args, int index, String option) {
		if (index >= args.length) {
			throw new IllegalArgumentException(option + " needs a value");
		}
		return args[index];
	}

	private static int positive(String value, String option) {
		try {
			int number = Integer.parseInt(value);
			if (number > 0) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw new IllegalArgumentException(option + " must be a positive whole number, got " + value);
	}

	private static void option(Map<String, Object> options, String assignment) {
		int equals = assignment.indexOf('=');
		if (equals <= 0) {
			throw new IllegalArgumentException("--option wants NAME=VALUE, got " + assignment);
		}
		String value = assignment.substring(equals + 1);
		Object parsed;
		try {
			parsed = tools.jackson.databind.json.JsonMapper.builder().build().readValue(value, Object.class);
		}
		catch (RuntimeException ex) {
			parsed = value;
		}
		options.put(assignment.substring(0, equals), parsed);
	}

}
