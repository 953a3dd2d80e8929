package dev.screenshots.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code screenshot compare --baseline NAME URL...}: captures every URL with
 * {@code compare}, waits, downloads each diff image to {@code --out}, approves changed
 * captures with {@code --approve}, prints a table and exits {@code 0} only when every
 * page is the same (or was made or approved as its baseline), {@code 1} when any changed
 * beyond the threshold, has no baseline or failed.
 */
final class CompareCommand {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ScreenshotCli cli;

	private final CliOptions options;

	private final PrintStream out;

	CompareCommand(ScreenshotCli cli, CliOptions options, PrintStream out) {
		this.cli = cli;
		this.options = options;
		this.out = out;
	}

	int run() throws IOException, InterruptedException {
		Files.createDirectories(this.options.out());
		List<Row> rows = new ArrayList<>();
		List<String> urls = this.options.urls();
		for (int i = 0; i < urls.size(); i++) {
			rows.add(compare(i, urls.get(i), baseline(urls.get(i))));
		}
		this.out.println(table(rows));
		long failing = rows.stream().filter((row) -> !row.passed()).count();
		this.out.printf(Locale.ROOT, "%d of %d unchanged or accepted%n", rows.size() - failing, rows.size());
		return (failing == 0) ? ScreenshotCli.OK : ScreenshotCli.FAILED;
	}

	/**
	 * The baseline of one URL: the name itself for one URL, else the name and the URL's
	 * file name, and a short hash of the URL when another of the URLs has the same file
	 * name (they differ in their query, or past 80 characters).
	 */
	String baseline(String url) {
		String name = this.options.compare().baseline();
		if (this.options.urls().size() == 1) {
			return name;
		}
		String page = FileNames.of(url);
		long same = this.options.urls().stream().filter((other) -> FileNames.of(other).equals(page)).count();
		String suffix = (same > 1) ? page.substring(0, Math.min(page.length(), 70)) + "-" + hash(url) : page;
		String full = name + "-" + suffix;
		return (full.length() > 200) ? full.substring(0, 200) : full;
	}

	private static String hash(String url) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 4);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Row compare(int index, String url, String baseline) throws IOException, InterruptedException {
		CliOptions.Comparing comparing = this.options.compare();
		ObjectNode body = JSON.createObjectNode().put("url", url);
		if (!this.options.captureOptions().isEmpty()) {
			body.set("options", JSON.valueToTree(this.options.captureOptions()));
		}
		if (this.options.priority() != null) {
			body.put("priority", this.options.priority());
		}
		ObjectNode compare = body.putObject("compare").put("baseline", baseline).put("autoCreate", comparing.create());
		if (comparing.threshold() != null) {
			compare.put("threshold", comparing.threshold());
		}
		if (comparing.maxMismatchPercent() != null) {
			compare.put("maxMismatchPercent", comparing.maxMismatchPercent());
		}
		comparing.ignoreSelectors().forEach(compare.putArray("ignoreSelectors")::add);
		HttpResponse<String> answer = this.cli.send(this.cli.request("/screenshots")
			.header("Content-Type", "application/json")
			.header("Prefer", "wait=" + Math.min(60, this.options.timeout().toSeconds()))
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
			.build());
		if (answer.statusCode() != 201 && answer.statusCode() != 202) {
			return new Row("REFUSED", url, baseline, null, null, null,
					"HTTP " + answer.statusCode() + ": " + ScreenshotCli.problem(answer.body()), false);
		}
		JsonNode job = this.cli.follow(JSON.readTree(answer.body()));
		String id = job.path("id").asString();
		if (!"completed".equals(job.path("status").asString())) {
			String why = job.has("error")
					? job.path("error").path("code").asString() + ": " + job.path("error").path("message").asString()
					: "still " + job.path("status").asString() + " after the timeout";
			return new Row(job.path("status").asString().toUpperCase(Locale.ROOT), url, baseline, null, null, null, why,
					false);
		}
		JsonNode comparison = job.path("result").path("comparison");
		String status = comparison.path("status").asString();
		Path diff = null;
		if (comparison.has("diffImage")) {
			diff = this.options.out()
				.resolve(String.format(Locale.ROOT, "%02d-%s-diff.png", index + 1, FileNames.of(url)));
			HttpResponse<Path> image = this.cli
				.sendToFile(this.cli.request("/screenshots/" + id + "/artifacts/diff").GET().build(), diff);
			if (image.statusCode() != 200) {
				Files.deleteIfExists(diff);
				diff = null;
			}
		}
		Double mismatch = comparison.has("mismatchPercent") ? comparison.path("mismatchPercent").asDouble() : null;
		Integer pixels = comparison.has("diffPixels") ? comparison.path("diffPixels").asInt() : null;
		return switch (status) {
			case "same" -> new Row("SAME", url, baseline, mismatch, pixels, diff, "", true);
			case "no_baseline" -> comparison.path("created").asBoolean()
					? new Row("CREATED", url, baseline, null, null, null, "version 1 made from this capture", true)
					: new Row("NO_BASELINE", url, baseline, null, null, null, "use --create to make it", false);
			default -> approveOrFail(id, url, baseline, status, mismatch, pixels, diff);
		};
	}

	private Row approveOrFail(String id, String url, String baseline, String status, Double mismatch, Integer pixels,
			Path diff) throws IOException, InterruptedException {
		String label = status.toUpperCase(Locale.ROOT);
		if (!this.options.compare().approve()) {
			return new Row(label, url, baseline, mismatch, pixels, diff, "", false);
		}
		HttpResponse<String> approved = this.cli.send(
				this.cli.request("/screenshots/" + id + "/approve").POST(HttpRequest.BodyPublishers.noBody()).build());
		if (approved.statusCode() != 200) {
			return new Row(label, url, baseline, mismatch, pixels, diff,
					"approval refused: " + ScreenshotCli.problem(approved.body()), false);
		}
		return new Row("APPROVED", url, baseline, mismatch, pixels, diff,
				"now version " + JSON.readTree(approved.body()).path("currentVersion").asInt(), true);
	}

	static String table(List<Row> rows) {
		StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-12s %10s %11s  %-30s %s%n", "STATUS",
				"MISMATCH", "DIFF PIXELS", "BASELINE", "URL"));
		for (Row row : rows) {
			table
				.append(String.format(Locale.ROOT, "%-12s %10s %11s  %-30s %s%s%s%n", row.status(),
						(row.mismatchPercent() != null) ? String.format(Locale.ROOT, "%.4f%%", row.mismatchPercent())
								: "-",
						(row.diffPixels() != null) ? row.diffPixels().toString() : "-", row.baseline(), row.url(),
						(row.diff() != null) ? "  diff: " + row.diff() : "",
						row.note().isEmpty() ? "" : "  (" + row.note() + ")"));
		}
		return table.toString().stripTrailing();
	}

	/**
	 * One page's line of the table.
	 *
	 * @param status {@code SAME}, {@code CHANGED}, {@code SIZE_CHANGED},
	 * {@code NO_BASELINE}, {@code CREATED}, {@code APPROVED}, {@code FAILED}, …
	 * @param url the page
	 * @param baseline its baseline
	 * @param mismatchPercent the share of differing pixels, or {@code null}
	 * @param diffPixels the differing pixels, or {@code null}
	 * @param diff the downloaded diff image, or {@code null}
	 * @param note more to say, or empty
	 * @param passed whether it lets the command succeed
	 */
	record Row(String status, String url, String baseline, Double mismatchPercent, Integer diffPixels, Path diff,
			String note, boolean passed) {
	}

}
