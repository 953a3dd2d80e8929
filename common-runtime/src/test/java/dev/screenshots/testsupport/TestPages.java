package dev.screenshots.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Web pages served by a test on {@code 127.0.0.1}, so captures never leave the machine.
 *
 * <pre>
 * try (TestPages pages = TestPages.start()) {
 *     String url = pages.html("/red", TestPages.solidColour("#ff0000"));
 * }
 * </pre>
 */
public final class TestPages implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

	private final Map<String, Page> pages = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

	private final Map<String, Map<String, String>> lastHeaders = new ConcurrentHashMap<>();

	private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

	private volatile boolean closed;

	private record Page(String contentType, byte[] body, boolean hang, int hangFirst, int status,
			Map<String, String> headers, Duration delay) {

		Page(String contentType, byte[] body, boolean hang, int hangFirst) {
			this(contentType, body, hang, hangFirst, 200, Map.of(), Duration.ZERO);
		}

	}

	private TestPages(HttpServer server) {
		this.server = server;
	}

	public static TestPages start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
			TestPages pages = new TestPages(server);
			server.setExecutor(pages.executor);
			server.createContext("/", pages::handle);
			server.start();
			return pages;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Serves an HTML page.
	 * @param path the path, starting with {@code /}
	 * @param html the document
	 * @return the page's absolute URL
	 */
	public String html(String path, String html) {
		this.pages.put(path, new Page("text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), false, 0));
		return url(path);
	}

	/**
	 * Serves a page that sends its headers and the start of its body, then never
	 * finishes, so the {@code load} event never fires.
	 * @param path the path
	 * @return the page's absolute URL
	 */
	public String neverFinishes(String path) {
		this.pages.put(path, new Page("text/html; charset=utf-8",
				"<!doctype html><html><body><p>loading".getBytes(StandardCharsets.UTF_8), true, 0));
		return url(path);
	}

	/**
	 * Serves a page whose first {@code times} requests never finish loading; later ones
	 * get the page. For retries that succeed.
	 * @param path the path
	 * @param times how many requests hang
	 * @param html the page served afterwards
	 * @return the page's absolute URL
	 */
	public String hangsFirst(String path, int times, String html) {
		this.pages.put(path, new Page("text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), false, times));
		return url(path);
	}

	/**
	 * Serves an HTML page whose requests are answered only once the test
	 * {@linkplain #open(String) opens} its gate: the test decides when a capture may
	 * finish loading it.
	 * @param path the path
	 * @param html the document
	 * @return the page's absolute URL
	 */
	public String gated(String path, String html) {
		this.gates.put(path, new CountDownLatch(1));
		return html(path, html);
	}

	/**
	 * Lets the waiting and later requests of a {@linkplain #gated(String, String) gated}
	 * page through.
	 * @param path the path
	 */
	public void open(String path) {
		CountDownLatch gate = this.gates.get(path);
		if (gate == null) {
			throw new IllegalArgumentException("No gated page at " + path);
		}
		gate.countDown();
	}

	/**
	 * A URL on a loopback port where nothing listens, so connecting is refused.
	 * @return the URL
	 */
	public static String closedPortUrl() {
		return "http://127.0.0.1:" + Ports.freePort() + "/closed";
	}

	/**
	 * Serves an arbitrary response.
	 * @param path the path
	 * @param status the HTTP status
	 * @param contentType the content type
	 * @param headers extra headers
	 * @param body the body
	 * @return the URL
	 */
	public String respond(String path, int status, String contentType, Map<String, String> headers, byte[] body) {
		this.pages.put(path, new Page(contentType, body, false, 0, status, Map.copyOf(headers), Duration.ZERO));
		return url(path);
	}

	/**
	 * Serves text that is answered only after a delay.
	 * @param path the path
	 * @param delay how long the server waits before answering
	 * @param text the body, {@code text/plain}
	 * @return the URL
	 */
	public String delayed(String path, Duration delay, String text) {
		this.pages.put(path, new Page("text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), false, 0, 200,
				Map.of(), delay));
		return url(path);
	}

	/**
	 * Serves a body of any type that is answered only after a delay.
	 * @param path the path
	 * @param delay how long the server waits before answering
	 * @param contentType the body's type
	 * @param body the body
	 * @return the URL
	 */
	public String delayed(String path, Duration delay, String contentType, byte[] body) {
		this.pages.put(path, new Page(contentType, body, false, 0, 200, Map.of(), delay));
		return url(path);
	}

	public String url(String path) {
		return "http://127.0.0.1:" + port() + path;
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	/**
	 * How often a path was requested.
	 * @param path the path
	 * @return the number of requests
	 */
	public int hits(String path) {
		AtomicInteger count = this.hits.get(path);
		return (count != null) ? count.get() : 0;
	}

	/**
	 * The request headers of the last request for a path.
	 * @param path the path
	 * @return the headers (case-insensitive names), empty if never requested
	 */
	public Map<String, String> lastHeaders(String path) {
		return this.lastHeaders.getOrDefault(path, Map.of());
	}

	/**
	 * A page filled with one colour and no margins, so any pixel of a capture shows the
	 * colour.
	 * @param cssColour a CSS colour
	 * @return the HTML document
	 */
	public static String solidColour(String cssColour) {
		return "<!doctype html><html><head><style>html,body{margin:0;height:100%;background:" + cssColour
				+ "}</style></head><body></body></html>";
	}

	private void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		int hit = this.hits.computeIfAbsent(path, (key) -> new AtomicInteger()).incrementAndGet();
		Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(", ", values)));
		this.lastHeaders.put(path, headers);
		Page page = this.pages.get(path);
		try (exchange) {
			if (page == null) {
				byte[] body = "not found".getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(404, body.length);
				exchange.getResponseBody().write(body);
				return;
			}
			exchange.getResponseHeaders().set("Content-Type", page.contentType());
			exchange.getResponseHeaders().set("Cache-Control", "no-store");
			if (page.hang() || hit <= page.hangFirst()) {
				exchange.sendResponseHeaders(200, 0);
				OutputStream body = exchange.getResponseBody();
				body.write(page.body());
				body.flush();
				while (!this.closed) {
					JavaProcess.sleep(Duration.ofMillis(100));
				}
				return;
			}
			if (!page.delay().isZero()) {
				JavaProcess.sleep(page.delay());
			}
			CountDownLatch gate = this.gates.get(path);
			while (gate != null && !this.closed && !awaitQuietly(gate, Duration.ofMillis(100))) {
				// held until the test opens the gate
			}
			page.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
			boolean noBody = page.status() == 204 || page.status() == 205 || page.body().length == 0;
			exchange.sendResponseHeaders(page.status(), noBody ? -1 : page.body().length);
			if (!noBody) {
				exchange.getResponseBody().write(page.body());
			}
		}
		catch (IOException ex) {
			// the browser went away (closed context or page): nothing to answer
		}
	}

	private static boolean awaitQuietly(CountDownLatch latch, Duration timeout) {
		try {
			return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return true;
		}
	}

	@Override
	public void close() {
		this.closed = true;
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
