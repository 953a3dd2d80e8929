package dev.screenshots.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code screenshot}: the command a CI job runs to capture pages ({@code screenshot batch
 * FILE} for a file of them, see {@link BatchCommand}; {@code screenshot compare} to check
 * them against baselines, see {@link CompareCommand}). It submits every URL, waits for
 * the jobs (with {@code --wait}), downloads the images to {@code --out}, prints one line
 * per URL and exits {@code 0} when every job completed, {@code 1} when any failed or did
 * not finish in time, {@code 2} on a usage or connection error.
 *
 * <pre>
 * screenshot --wait --out shots/ https://example.com https://example.org
 * </pre>
 *
 * The API's URL and key come from {@code --api}/{@code --key} or
 * {@code SCREENSHOTS_API_URL}/{@code SCREENSHOTS_API_KEY}. See {@link CliOptions} for
 * every flag.
 */
public final class ScreenshotCli {

	static final int OK = 0;

	static final int FAILED = 1;

	static final int USAGE = 2;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final CliOptions options;

	private final PrintStream out;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	ScreenshotCli(CliOptions options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	public static void main(String[] args) {
		System.exit(run(args, System.getenv(), System.out, System.err));
	}

	/**
	 * Runs the command.
	 * @param args the command line
	 * @param env the environment
	 * @param out where results go
	 * @param err where usage and errors go
	 * @return the exit code
	 */
	static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
		CliOptions options;
		try {
			options = CliOptions.parse(args, env);
		}
		catch (IllegalArgumentException ex) {
			err.println("screenshot: " + ex.getMessage());
			err.println(CliOptions.USAGE);
			return USAGE;
		}
		if (options.help()) {
			out.println(CliOptions.USAGE);
			return OK;
		}
		try {
			ScreenshotCli cli = new ScreenshotCli(options, out);
			if (options.compare() != null) {
				return new CompareCommand(cli, options, out).run();
			}
			return (options.batchFile() != null) ? new BatchCommand(cli, options, out, err).run() : cli.run();
		}
		catch (IllegalArgumentException ex) {
			err.println("screenshot: " + ex.getMessage());
			return USAGE;
		}
		catch (IOException ex) {
			err.println("screenshot: cannot reach " + options.api() + ": " + ex);
			return USAGE;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return USAGE;
		}
	}

	private int run() throws IOException, InterruptedException {
		if (this.options.out() != null) {
			Files.createDirectories(this.options.out());
		}
		List<Outcome> outcomes = new ArrayList<>();
		try (ExecutorService jobs = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<Outcome>> futures = new ArrayList<>();
			for (int i = 0; i < this.options.urls().size(); i++) {
				int index = i;
				futures.add(jobs.submit(() -> capture(index, this.options.urls().get(index))));
			}
			for (Future<Outcome> future : futures) {
				try {
					outcomes.add(future.get());
				}
				catch (java.util.concurrent.ExecutionException ex) {
					if (ex.getCause() instanceof IOException io) {
						throw io;
					}
					throw new IllegalStateException(ex.getCause());
				}
			}
		}
		int completed = 0;
		for (Outcome outcome : outcomes) {
			this.out.println(outcome.line());
			completed += outcome.completed() ? 1 : 0;
		}
		this.out.printf(Locale.ROOT, "%d of %d completed%n", completed, outcomes.size());
		if (this.options.waitForResult()) {
			return (completed == outcomes.size()) ? OK : FAILED;
		}
		// without --wait, only a refused or already failed job is a failure
		return outcomes.stream().allMatch((outcome) -> outcome.completed() || outcome.pending()) ? OK : FAILED;
	}

	/** Submits one URL and, with {@code --wait}, follows it to the end. */
	private Outcome capture(int index, String url) throws IOException, InterruptedException {
		ObjectNode body = JSON.createObjectNode().put("url", url);
		if (this.options.priority() != null) {
			body.put("priority", this.options.priority());
		}
		if (!this.options.captureOptions().isEmpty()) {
			body.set("options", JSON.valueToTree(this.options.captureOptions()));
		}
		HttpRequest.Builder submit = request("/screenshots").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
		if (this.options.waitForResult()) {
			submit.header("Prefer", "wait=" + Math.min(60, this.options.timeout().toSeconds()));
		}
		HttpResponse<String> answer = this.http.send(submit.build(), HttpResponse.BodyHandlers.ofString());
		if (answer.statusCode() != 201 && answer.statusCode() != 202) {
			return Outcome.rejected(url, answer.statusCode(), problem(answer.body()));
		}
		JsonNode job = JSON.readTree(answer.body());
		if (!this.options.waitForResult()) {
			return Outcome.of(url, job, null);
		}
		job = follow(job);
		Path file = null;
		if ("completed".equals(job.path("status").asString()) && this.options.out() != null) {
			file = download(index, url, job);
		}
		return Outcome.of(url, job, file);
	}

	Path download(int index, String url, JsonNode job) throws IOException, InterruptedException {
		String id = job.path("id").asString();
		String extension = switch (job.path("result").path("contentType").asString("image/png")) {
			case "image/jpeg" -> "jpg";
			case "image/webp" -> "webp";
			case "application/pdf" -> "pdf";
			default -> "png";
		};
		Path file = this.options.out()
			.resolve(String.format(Locale.ROOT, "%02d-%s.%s", index + 1, FileNames.of(url), extension));
		HttpResponse<Path> image = this.http.send(request("/screenshots/" + id + "/image").GET().build(),
				HttpResponse.BodyHandlers.ofFile(file));
		if (image.statusCode() != 200) {
			Files.deleteIfExists(file);
			throw new IOException("downloading the image of job " + id + " answered " + image.statusCode());
		}
		return file;
	}

	/**
	 * Polls a job until it is terminal or the timeout ran out.
	 * @param job the job as last seen
	 * @return the job as last seen
	 */
	JsonNode follow(JsonNode job) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + this.options.timeout().toNanos();
		while (!terminal(job) && System.nanoTime() < deadline) {
			Thread.sleep(500);
			job = JSON.readTree(get("/screenshots/" + job.path("id").asString()).body());
		}
		return job;
	}

	HttpResponse<Path> sendToFile(HttpRequest request, Path file) throws IOException, InterruptedException {
		return this.http.send(request, HttpResponse.BodyHandlers.ofFile(file));
	}

	HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(request(path).GET().build());
	}

	HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.options.api().replaceAll("/+$", "") + path))
			.timeout(Duration.ofSeconds(90))
			.header("Authorization", "Bearer " + this.options.key());
	}

	private static boolean terminal(JsonNode job) {
		return List.of("completed", "failed", "cancelled").contains(job.path("status").asString());
	}

	static String problem(String body) {
		try {
			JsonNode problem = JSON.readTree(body);
			String code = problem.path("code").asString("");
			String detail = problem.path("detail").asString("");
			if (problem.has("errors")) {
				detail = detail + " " + problem.path("errors");
			}
			return (code + " " + detail).trim();
		}
		catch (RuntimeException ex) {
			return body.length() > 200 ? body.substring(0, 200) : body;
		}
	}

	/**
	 * What became of one URL.
	 *
	 * @param line the summary line
	 * @param completed whether its job completed
	 * @param pending whether it is still queued or running (without {@code --wait}, or
	 * when the timeout ran out)
	 */
	record Outcome(String line, boolean completed, boolean pending) {

		static Outcome rejected(String url, int status, String problem) {
			return new Outcome(
					String.format(Locale.ROOT, "FAILED     %s  rejected (HTTP %d): %s", url, status, problem), false,
					false);
		}

		static Outcome of(String url, JsonNode job, Path file) {
			String status = job.path("status").asString();
			String id = job.path("id").asString();
			return switch (status) {
				case "completed" -> new Outcome(String.format(Locale.ROOT, "COMPLETED  %s  %s%s", url, id,
						(file != null) ? "  -> " + file : ""), true, false);
				case "failed" -> new Outcome(String.format(Locale.ROOT, "FAILED     %s  %s  %s: %s", url, id,
						job.path("error").path("code").asString(), job.path("error").path("message").asString()), false,
						false);
				case "cancelled" -> new Outcome(String.format(Locale.ROOT, "CANCELLED  %s  %s", url, id), false, false);
				default ->
					new Outcome(String.format(Locale.ROOT, "%-10s %s  %s", status.toUpperCase(Locale.ROOT), url, id),
							false, true);
			};
		}

	}

}
