package dev.screenshots.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The submit path alone: {@code POST /screenshots} at a fixed number of connections with
 * no worker running, driven by {@code wrk} (Debian's package; a C load generator, so the
 * client takes little of the two cores from the server). Counts only 202 answers as
 * accepted.
 */
final class SubmitLoad {

	private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ([0-9.]+)(us|ms|s|m)");

	private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

	private static final Pattern ERRORS = Pattern
		.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

	private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|90|99)%\\s+([0-9.]+)(us|ms|s)\\s*$",
			Pattern.MULTILINE);

	private SubmitLoad() {
	}

	static Result run(String apiUrl, String pageUrl, int connections, int seconds) {
		return run(apiUrl, pageUrl, List.of(ServiceUnderTest.KEY), connections, seconds);
	}

	/**
	 * @param keys the bearer tokens, taken in turn request by request
	 */
	static Result run(String apiUrl, String pageUrl, List<String> keys, int connections, int seconds) {
		try {
			Path script = Files.createTempFile("submit", ".lua");
			Files.writeString(script, """
					local keys = { %s }
					local next = 0
					local body = '{"url":"%s"}'
					request = function()
					  next = next %% #keys + 1
					  return wrk.format("POST", nil, {
					    ["Content-Type"] = "application/json",
					    ["Authorization"] = "Bearer " .. keys[next] }, body)
					end
					""".formatted(String.join(", ", keys.stream().map((key) -> "\"" + key + "\"").toList()), pageUrl));
			List<String> command = new ArrayList<>(List.of("wrk", "-t", "2", "-c", String.valueOf(connections), "-d",
					seconds + "s", "--latency", "-s", script.toString(), apiUrl + "/screenshots"));
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("wrk failed:\n" + output);
			}
			Files.deleteIfExists(script);
			return parse(output, connections);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("wrk is needed for the submit benchmark (apt-get install wrk)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static Result parse(String output, int connections) {
		Matcher total = TOTAL.matcher(output);
		if (!total.find()) {
			throw new IllegalStateException("unexpected wrk output:\n" + output);
		}
		long requests = Long.parseLong(total.group(1));
		double seconds = millis(total.group(2), total.group(3)) / 1000;
		Matcher non2xx = NON_2XX.matcher(output);
		long rejected = non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
		Matcher errors = ERRORS.matcher(output);
		long socketErrors = 0;
		if (errors.find()) {
			for (int i = 1; i <= 4; i++) {
				socketErrors += Long.parseLong(errors.group(i));
			}
		}
		double p50 = 0;
		double p90 = 0;
		double p99 = 0;
		Matcher percentile = PERCENTILE.matcher(output);
		while (percentile.find()) {
			double value = millis(percentile.group(2), percentile.group(3));
			switch (percentile.group(1)) {
				case "50" -> p50 = value;
				case "90" -> p90 = value;
				default -> p99 = value;
			}
		}
		long accepted = requests - rejected;
		return new Result(connections, requests, accepted, rejected, socketErrors, seconds, accepted / seconds, p50,
				p90, p99, Map.of());
	}

	private static double millis(String value, String unit) {
		double number = Double.parseDouble(value);
		return switch (unit) {
			case "us" -> number / 1000;
			case "s" -> number * 1000;
			case "m" -> number * 60_000;
			default -> number;
		};
	}

	/**
	 * @param connections concurrent connections
	 * @param requests requests completed
	 * @param accepted answered 202
	 * @param rejected answered anything else
	 * @param socketErrors connect, read, write errors and timeouts
	 * @param seconds duration
	 * @param acceptedPerSecond accepted submissions per second
	 * @param p50Ms median latency
	 * @param p90Ms 90th percentile latency
	 * @param p99Ms 99th percentile latency
	 * @param cpuMsPerRequest CPU time per request by process group ({@link ProcessCpu})
	 */
	record Result(int connections, long requests, long accepted, long rejected, long socketErrors, double seconds,
			double acceptedPerSecond, double p50Ms, double p90Ms, double p99Ms, Map<String, Double> cpuMsPerRequest) {

		Result withCpu(Map<String, Double> cpu) {
			return new Result(this.connections, this.requests, this.accepted, this.rejected, this.socketErrors,
					this.seconds, this.acceptedPerSecond, this.p50Ms, this.p90Ms, this.p99Ms, cpu);
		}

	}

}
