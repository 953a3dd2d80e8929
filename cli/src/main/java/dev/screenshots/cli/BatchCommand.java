package dev.screenshots.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code screenshot batch FILE}: submits every line of the file (a URL, or a JSON request
 * as {@code POST /screenshots} takes it) through {@code POST /screenshots/batch}, 100 at
 * a time, follows the batches with a progress bar until every job finished or the timeout
 * ran out, downloads the completed images, prints one line per request and exits
 * {@code 0} only when every job completed.
 */
final class BatchCommand {

	/** The most requests one {@code POST /screenshots/batch} takes. */
	static final int BATCH_SIZE = 100;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ScreenshotCli cli;

	private final CliOptions options;

	private final PrintStream out;

	private final PrintStream progress;

	BatchCommand(ScreenshotCli cli, CliOptions options, PrintStream out, PrintStream progress) {
		this.cli = cli;
		this.options = options;
		this.out = out;
		this.progress = progress;
	}

	int run() throws IOException, InterruptedException {
		List<Entry> entries = read(this.options.batchFile());
		if (entries.isEmpty()) {
			throw new IllegalArgumentException(this.options.batchFile() + " holds no request");
		}
		if (this.options.out() != null) {
			Files.createDirectories(this.options.out());
		}
		List<String> batches = new ArrayList<>();
		for (int start = 0; start < entries.size(); start += BATCH_SIZE) {
			List<Entry> chunk = entries.subList(start, Math.min(entries.size(), start + BATCH_SIZE));
			ObjectNode body = JSON.createObjectNode();
			ArrayNode requests = body.putArray("requests");
			chunk.forEach((entry) -> requests.add(entry.request()));
			HttpResponse<String> answer = this.cli.send(this.cli.request("/screenshots/batch")
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
				.build());
			if (answer.statusCode() != 207) {
				// reported like a usage error (exit 2); the chunks before it are
				// submitted
				throw new IllegalArgumentException("the batch was refused (HTTP " + answer.statusCode() + "): "
						+ ScreenshotCli.problem(answer.body()));
			}
			JsonNode batch = JSON.readTree(answer.body());
			batches.add(batch.path("batchId").asString());
			for (JsonNode item : batch.path("items")) {
				Entry entry = chunk.get(item.path("index").asInt());
				if (item.has("job")) {
					entry.jobId = item.path("job").path("id").asString();
				}
				else {
					entry.outcome = ScreenshotCli.Outcome.rejected(entry.label(), item.path("status").asInt(),
							ScreenshotCli.problem(item.path("problem").toString()));
				}
			}
		}
		follow(batches, (int) entries.stream().filter((entry) -> entry.jobId != null).count());
		int completed = 0;
		for (int i = 0; i < entries.size(); i++) {
			Entry entry = entries.get(i);
			if (entry.jobId != null) {
				JsonNode job = JSON.readTree(this.cli.get("/screenshots/" + entry.jobId).body());
				Path file = null;
				if ("completed".equals(job.path("status").asString()) && this.options.out() != null) {
					file = this.cli.download(i, entry.label(), job);
				}
				entry.outcome = ScreenshotCli.Outcome.of(entry.label(), job, file);
			}
			this.out.println(entry.outcome.line());
			completed += entry.outcome.completed() ? 1 : 0;
		}
		this.out.printf(Locale.ROOT, "%d of %d completed%n", completed, entries.size());
		return (completed == entries.size()) ? ScreenshotCli.OK : ScreenshotCli.FAILED;
	}

	/** Polls the batches until all finished or the timeout ran out, drawing the bar. */
	private void follow(List<String> batches, int accepted) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + this.options.timeout().toNanos();
		int shown = -1;
		while (true) {
			int done = 0;
			int failed = 0;
			boolean finished = true;
			for (String batch : batches) {
				JsonNode summary = JSON.readTree(this.cli.get("/batches/" + batch).body());
				JsonNode counts = summary.path("counts");
				done += counts.path("completed").asInt() + counts.path("failed").asInt()
						+ counts.path("cancelled").asInt();
				failed += counts.path("failed").asInt() + counts.path("cancelled").asInt();
				finished &= summary.path("finished").asBoolean();
			}
			if (done != shown) {
				this.progress.print(bar(done, accepted, failed) + (finished ? "\n" : "\r"));
				this.progress.flush();
				shown = done;
			}
			if (finished || System.nanoTime() > deadline) {
				if (!finished) {
					this.progress.println();
				}
				return;
			}
			Thread.sleep(1000);
		}
	}

	static String bar(int done, int total, int failed) {
		int width = 30;
		int filled = (total == 0) ? width : (int) ((long) done * width / total);
		return String.format(Locale.ROOT, "[%s%s] %d/%d finished%s", "#".repeat(filled), ".".repeat(width - filled),
				done, total, (failed > 0) ? ", " + failed + " failed" : "");
	}

	/**
	 * Reads the file: one request per line, blank lines and lines starting with {@code #}
	 * left out. The command line's capture options and priority apply to every line that
	 * does not give its own.
	 */
	private List<Entry> read(Path file) throws IOException {
		List<Entry> entries = new ArrayList<>();
		List<String> lines;
		try {
			lines = Files.readAllLines(file);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("cannot read " + file + ": " + ex.getMessage());
		}
		for (int number = 1; number <= lines.size(); number++) {
			String line = lines.get(number - 1).strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			ObjectNode request;
			if (line.startsWith("{")) {
				try {
					request = (ObjectNode) JSON.readTree(line);
				}
				catch (JacksonException | ClassCastException ex) {
					throw new IllegalArgumentException(file + " line " + number + " is not a JSON object");
				}
			}
			else {
				request = JSON.createObjectNode().put("url", line);
			}
			if (!this.options.captureOptions().isEmpty() && !request.has("options")) {
				request.set("options", JSON.valueToTree(this.options.captureOptions()));
			}
			if (this.options.priority() != null && !request.has("priority")) {
				request.put("priority", this.options.priority());
			}
			String label = request.has("url") ? request.path("url").asString() : "html-line-" + number;
			entries.add(new Entry(label, request));
		}
		return entries;
	}

	/** One request of the file and what became of it. */
	private static final class Entry {

		private final String label;

		private final ObjectNode request;

		private String jobId;

		private ScreenshotCli.Outcome outcome;

		Entry(String label, ObjectNode request) {
			this.label = label;
			this.request = request;
		}

		String label() {
			return this.label;
		}

		ObjectNode request() {
			return this.request;
		}

	}

}
