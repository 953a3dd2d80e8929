package dev.screenshots.worker.browser;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.microsoft.playwright.ConsoleMessage;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.Sizes;
import com.microsoft.playwright.options.Timing;
import tools.jackson.databind.json.JsonMapper;

import dev.screenshots.model.capture.ArtifactKind;
import dev.screenshots.model.job.ArtifactProblem;

/**
 * Records, from the moment a job asks for it until the capture, what the page did that
 * the {@code har} and {@code console} artifacts keep: its requests with their responses,
 * timings and failures, and its console messages and uncaught errors.
 *
 * <p>
 * The HAR is built here from the page's events rather than with Playwright's
 * {@code recordHar} context option, because that option needs a context made for it (a
 * spare context prepared ahead of the job could not be used), writes the file only when
 * the context closes (after the browser slot handed the job on), and does not know which
 * requests this service blocked and why. Headers are the ones Playwright reports without
 * a further call to the browser, which leaves out cookies ({@code Cookie},
 * {@code Set-Cookie}): a stored HAR holds no session a page or the {@code cookies} option
 * set.
 */
final class PageRecorder {

	/** The most requests recorded; later ones are counted, not kept. */
	static final int MAX_REQUESTS = 5_000;

	/** The most console messages recorded; later ones are counted, not kept. */
	static final int MAX_MESSAGES = 5_000;

	/** The longest console message or request body kept, in characters. */
	static final int MAX_TEXT = 10_000;

	private static final JsonMapper JSON = JsonMapper.shared();

	private final Page page;

	private final RequestRouter router;

	private final List<Recorded> requests = new ArrayList<>();

	private final Map<Request, Recorded> byRequest = new IdentityHashMap<>();

	private int requestsLeftOut;

	private final List<Map<String, Object>> messages = new ArrayList<>();

	private int messagesLeftOut;

	private Instant pageStarted;

	PageRecorder(Page page, RequestRouter router) {
		this.page = page;
		this.router = router;
	}

	/**
	 * Starts recording what the artifacts need; before the page is loaded.
	 * @param kinds the artifacts asked for
	 */
	void start(Set<ArtifactKind> kinds) {
		this.pageStarted = Instant.now();
		if (kinds.contains(ArtifactKind.HAR)) {
			this.page.onRequest(this::requested);
			this.page.onResponse((response) -> {
				Recorded recorded = this.byRequest.get(response.request());
				if (recorded != null) {
					recorded.response = response;
				}
			});
			this.page.onRequestFinished((request) -> finished(request, null));
			this.page.onRequestFailed((request) -> finished(request, request.failure()));
		}
		if (kinds.contains(ArtifactKind.CONSOLE)) {
			this.page.onConsoleMessage(this::console);
			this.page.onPageError((error) -> message("page", "error", error, null));
		}
	}

	private void requested(Request request) {
		if (this.requests.size() >= MAX_REQUESTS) {
			this.requestsLeftOut++;
			return;
		}
		Recorded recorded = new Recorded(request, Instant.now());
		this.requests.add(recorded);
		this.byRequest.put(request, recorded);
	}

	private void finished(Request request, String failure) {
		Recorded recorded = this.byRequest.get(request);
		if (recorded != null) {
			recorded.done = true;
			recorded.failure = failure;
		}
	}

	private void console(ConsoleMessage message) {
		message("console", level(message.type()), message.text(), message.location());
	}

	private void message(String source, String level, String text, String location) {
		if (this.messages.size() >= MAX_MESSAGES) {
			this.messagesLeftOut++;
			return;
		}
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("time", Instant.now().toString());
		entry.put("source", source);
		entry.put("level", level);
		entry.put("text", cut((text != null) ? text : "", MAX_TEXT));
		if (location != null && !location.isEmpty()) {
			entry.put("location", location);
		}
		this.messages.add(entry);
	}

	/** The console API's message types by the level DevTools shows them at. */
	private static String level(String type) {
		return switch (type) {
			case "error", "assert" -> "error";
			case "warning" -> "warning";
			case "debug", "trace", "profile", "profileEnd" -> "debug";
			case "info" -> "info";
			default -> "log";
		};
	}

	/**
	 * The console artifact: every message and uncaught error in order, with time, source
	 * ({@code console} or {@code page}), level ({@code error}, {@code warning},
	 * {@code info}, {@code log}, {@code debug}), text and location; the first ones that
	 * fit the limit when there are more.
	 * @param maxBytes the most bytes
	 * @return the artifact
	 */
	PageArtifact console(int maxBytes) {
		return entries(ArtifactKind.CONSOLE, this.messages, this.messagesLeftOut, maxBytes,
				(kept, leftOut) -> Map.of("messages", kept, "leftOut", leftOut));
	}

	/**
	 * The HAR 1.2 artifact of the page's requests, in the order they started; a request
	 * that was blocked has {@code _blocked} with the reason ({@code policy},
	 * {@code options}, {@code ads} …), a failed one {@code _failureText}; the first
	 * entries that fit the limit when there are more (then the log's {@code comment} says
	 * how many were left out).
	 * @param maxBytes the most bytes
	 * @param title the page's title
	 * @return the artifact
	 */
	PageArtifact har(int maxBytes, String title) {
		List<Map<String, Object>> entries = new ArrayList<>(this.requests.size());
		for (Recorded recorded : this.requests) {
			entries.add(entry(recorded));
		}
		Map<String, Object> pageEntry = new LinkedHashMap<>();
		pageEntry.put("startedDateTime", this.pageStarted.toString());
		pageEntry.put("id", "page_1");
		pageEntry.put("title", (title != null) ? title : "");
		pageEntry.put("pageTimings", Map.of("onContentLoad", -1, "onLoad", -1));
		return entries(ArtifactKind.HAR, entries, this.requestsLeftOut, maxBytes, (kept, leftOut) -> {
			Map<String, Object> log = new LinkedHashMap<>();
			log.put("version", "1.2");
			log.put("creator", Map.of("name", "screenshot-service", "version", "1"));
			log.put("pages", List.of(pageEntry));
			log.put("entries", kept);
			if (leftOut > 0) {
				log.put("comment", leftOut + " later request(s) left out: over the size limit");
			}
			return Map.of("log", log);
		});
	}

	/**
	 * Serialises the first entries that fit {@code maxBytes} in the envelope; entries are
	 * measured one by one, so the JSON stays whole however much is left out.
	 */
	private static PageArtifact entries(ArtifactKind kind, List<Map<String, Object>> all, int alreadyLeftOut,
			int maxBytes, Envelope envelope) {
		int budget = maxBytes - JSON.writeValueAsBytes(envelope.wrap(List.of(), alreadyLeftOut + all.size())).length;
		List<Map<String, Object>> kept = new ArrayList<>();
		for (Map<String, Object> entry : all) {
			int size = JSON.writeValueAsBytes(entry).length + 1;
			if (size > budget) {
				break;
			}
			budget -= size;
			kept.add(entry);
		}
		int leftOut = alreadyLeftOut + all.size() - kept.size();
		if (budget < 0) {
			return PageArtifact.absent(kind, ArtifactProblem.ARTIFACT_TOO_LARGE,
					"Not even an empty " + kind.value() + " fits " + maxBytes + " bytes");
		}
		byte[] bytes = JSON.writeValueAsBytes(envelope.wrap(kept, leftOut));
		if (leftOut == 0) {
			return new PageArtifact(kind, bytes, null, null);
		}
		return new PageArtifact(kind, bytes, ArtifactProblem.ARTIFACT_TRUNCATED,
				"The " + kind.value() + " keeps its first " + kept.size() + " of " + (kept.size() + leftOut)
						+ " entries: the rest would pass " + maxBytes + " bytes or the count limit");
	}

	private Map<String, Object> entry(Recorded recorded) {
		Request request = recorded.request;
		Response response = recorded.response;
		Timing timing = read(request::timing);
		Sizes sizes = (recorded.done && recorded.failure == null && response != null) ? read(request::sizes) : null;
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("pageref", "page_1");
		entry.put("startedDateTime", ((timing != null && timing.startTime > 0)
				? Instant.ofEpochMilli((long) timing.startTime) : recorded.started)
			.toString());
		Map<String, Object> timings = timings(timing);
		entry.put("time",
				timings.values()
					.stream()
					.mapToDouble((value) -> ((Number) value).doubleValue())
					.filter((value) -> value > 0)
					.sum());
		Map<String, Object> harRequest = new LinkedHashMap<>();
		harRequest.put("method", request.method());
		harRequest.put("url", request.url());
		harRequest.put("httpVersion", "");
		harRequest.put("cookies", List.of());
		harRequest.put("headers", headers(request.headers()));
		harRequest.put("queryString", query(request.url()));
		harRequest.put("headersSize", (sizes != null) ? sizes.requestHeadersSize : -1);
		String postData = read(request::postData);
		harRequest.put("bodySize", (sizes != null) ? sizes.requestBodySize
				: ((postData != null) ? postData.getBytes(StandardCharsets.UTF_8).length : 0));
		if (postData != null) {
			String type = request.headerValue("content-type");
			harRequest.put("postData", Map.of("mimeType", (type != null) ? type : "", "text", cut(postData, MAX_TEXT)));
		}
		entry.put("request", harRequest);
		Map<String, Object> harResponse = new LinkedHashMap<>();
		harResponse.put("status", (response != null) ? response.status() : 0);
		harResponse.put("statusText", (response != null) ? response.statusText() : "");
		harResponse.put("httpVersion", "");
		harResponse.put("cookies", List.of());
		Map<String, String> responseHeaders = (response != null) ? response.headers() : Map.of();
		harResponse.put("headers", headers(responseHeaders));
		String mimeType = responseHeaders.getOrDefault("content-type", "");
		int bodySize = (sizes != null) ? sizes.responseBodySize : -1;
		harResponse.put("content", Map.of("size", Math.max(bodySize, 0), "mimeType", mimeType));
		harResponse.put("redirectURL", responseHeaders.getOrDefault("location", ""));
		harResponse.put("headersSize", (sizes != null) ? sizes.responseHeadersSize : -1);
		harResponse.put("bodySize", bodySize);
		entry.put("response", harResponse);
		entry.put("cache", Map.of());
		entry.put("timings", timings);
		entry.put("_resourceType", request.resourceType());
		Optional<String> blocked = this.router.blockedReason(request, recorded.failure, response);
		blocked.ifPresent((reason) -> entry.put("_blocked", reason));
		if (recorded.failure != null) {
			entry.put("_failureText", recorded.failure);
		}
		else if (!recorded.done) {
			entry.put("_failureText", "unfinished when the page was captured");
		}
		return entry;
	}

	/**
	 * HAR timings from Playwright's (milliseconds after {@code startTime}, -1 where the
	 * phase did not happen): {@code dns}, {@code connect}, {@code ssl} -1 when not
	 * measured; {@code send}, {@code wait}, {@code receive} 0 when not measured, as HAR
	 * requires them.
	 */
	private static Map<String, Object> timings(Timing timing) {
		Map<String, Object> timings = new LinkedHashMap<>();
		timings.put("blocked", -1);
		timings.put("dns", (timing != null) ? span(timing.domainLookupStart, timing.domainLookupEnd) : -1);
		timings.put("connect", (timing != null) ? span(timing.connectStart, timing.connectEnd) : -1);
		timings.put("ssl", (timing != null) ? span(timing.secureConnectionStart, timing.connectEnd) : -1);
		timings.put("send", 0);
		timings.put("wait", (timing != null) ? Math.max(0, span(timing.requestStart, timing.responseStart)) : 0);
		timings.put("receive", (timing != null) ? Math.max(0, span(timing.responseStart, timing.responseEnd)) : 0);
		return timings;
	}

	private static double span(double start, double end) {
		return (start >= 0 && end >= start) ? Math.round((end - start) * 1000) / 1000.0 : -1;
	}

	private static List<Map<String, String>> headers(Map<String, String> headers) {
		return headers.entrySet()
			.stream()
			.map((header) -> Map.of("name", header.getKey(), "value", header.getValue()))
			.toList();
	}

	private static List<Map<String, String>> query(String url) {
		String raw;
		try {
			raw = URI.create(url).getRawQuery();
		}
		catch (IllegalArgumentException ex) {
			return List.of();
		}
		if (raw == null || raw.isEmpty()) {
			return List.of();
		}
		List<Map<String, String>> pairs = new ArrayList<>();
		for (String pair : raw.split("&")) {
			int equals = pair.indexOf('=');
			String name = (equals >= 0) ? pair.substring(0, equals) : pair;
			String value = (equals >= 0) ? pair.substring(equals + 1) : "";
			pairs.add(Map.of("name", decode(name), "value", decode(value)));
		}
		return pairs;
	}

	private static String decode(String part) {
		try {
			return URLDecoder.decode(part, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return part;
		}
	}

	private static String cut(String text, int max) {
		return (text.length() <= max) ? text : text.substring(0, max);
	}

	private static <T> T read(java.util.function.Supplier<T> reading) {
		try {
			return reading.get();
		}
		catch (PlaywrightException ex) {
			return null;
		}
	}

	/** Wraps the kept entries and the count of those left out into the document. */
	@FunctionalInterface
	private interface Envelope {

		Object wrap(List<Map<String, Object>> kept, int leftOut);

	}

	/** A request as it went. */
	private static final class Recorded {

		private final Request request;

		private final Instant started;

		private Response response;

		private boolean done;

		private String failure;

		private Recorded(Request request, Instant started) {
			this.request = request;
			this.started = started;
		}

	}

}
