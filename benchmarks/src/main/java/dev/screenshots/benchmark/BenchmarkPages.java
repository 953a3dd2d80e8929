package dev.screenshots.benchmark;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import com.sun.net.httpserver.HttpServer;

/**
 * The fixed pages both sides of the benchmark capture, served from loopback:
 * <ul>
 * <li>{@code simple}: a short HTML page with inline CSS, nothing else to load;</li>
 * <li>{@code heavy}: an HTML page with an external stylesheet, a script, a web font and
 * eight PNG images (about 0.5 MB in all);</li>
 * <li>{@code long}: a 12,000 px page of text blocks, captured full-page.</li>
 * </ul>
 * Every response is generated once at start-up, so serving costs next to nothing.
 */
final class BenchmarkPages implements AutoCloseable {

	/** A page of the set. */
	enum Page {

		SIMPLE("/simple", false), HEAVY("/heavy", false), LONG("/long", true);

		private final String path;

		private final boolean fullPage;

		Page(String path, boolean fullPage) {
			this.path = path;
			this.fullPage = fullPage;
		}

		boolean fullPage() {
			return this.fullPage;
		}

		String label() {
			return name().toLowerCase(Locale.ROOT);
		}

		static Page of(String name) {
			return valueOf(name.trim().toUpperCase(Locale.ROOT));
		}

	}

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(8);

	private BenchmarkPages(HttpServer server) {
		this.server = server;
	}

	static BenchmarkPages start() {
		Map<String, Resource> resources = new HashMap<>();
		resources.put("/simple", html(SIMPLE));
		resources.put("/long", html(longPage()));
		resources.put("/heavy", html(heavyPage()));
		resources.put("/heavy/style.css", new Resource("text/css", HEAVY_CSS.getBytes(StandardCharsets.UTF_8)));
		resources.put("/heavy/app.js", new Resource("text/javascript", HEAVY_JS.getBytes(StandardCharsets.UTF_8)));
		font().ifPresent((bytes) -> resources.put("/heavy/font.ttf", new Resource("font/ttf", bytes)));
		for (int i = 0; i < 8; i++) {
			resources.put("/heavy/image-" + i + ".png", new Resource("image/png", image(i)));
		}
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
			server.createContext("/", (exchange) -> {
				Resource resource = resources.get(exchange.getRequestURI().getPath());
				try (exchange) {
					if (resource == null) {
						exchange.sendResponseHeaders(404, -1);
						return;
					}
					exchange.getResponseHeaders().set("Content-Type", resource.contentType());
					exchange.sendResponseHeaders(200, resource.body().length);
					exchange.getResponseBody().write(resource.body());
				}
			});
			BenchmarkPages pages = new BenchmarkPages(server);
			server.setExecutor(pages.executor);
			server.start();
			return pages;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String url(Page page) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + page.path;
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private record Resource(String contentType, byte[] body) {
	}

	private static Resource html(String html) {
		return new Resource("text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
	}

	private static final String SIMPLE = """
			<!doctype html>
			<html><head><meta charset="utf-8"><title>Simple</title>
			<style>body { font-family: sans-serif; margin: 40px; background: #f4f6f8; color: #223; }
			h1 { color: #1a5fb4; } .card { background: white; border-radius: 8px; padding: 24px; }</style>
			</head><body><div class="card"><h1>A simple page</h1>
			<p>One document, inline styles, no sub-resources: the cheapest capture there is.</p></div>
			</body></html>
			""";

	private static final String HEAVY_CSS = """
			@font-face { font-family: "Bench"; src: url("/heavy/font.ttf") format("truetype"); }
			body { font-family: "Bench", serif; margin: 0; background: linear-gradient(#fff, #dde); }
			header { background: #263238; color: #eceff1; padding: 32px; font-size: 28px; }
			.grid { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; padding: 16px; }
			.grid img { width: 100%; border-radius: 6px; box-shadow: 0 4px 12px rgba(0,0,0,.3); }
			p { padding: 0 16px; line-height: 1.6; }
			""";

	private static final String HEAVY_JS = """
			document.addEventListener('DOMContentLoaded', () => {
			  const list = document.getElementById('items');
			  for (let i = 0; i < 200; i++) {
			    const li = document.createElement('li');
			    li.textContent = 'Generated item ' + i;
			    list.appendChild(li);
			  }
			});
			""";

	private static String heavyPage() {
		StringBuilder html = new StringBuilder("""
				<!doctype html>
				<html><head><meta charset="utf-8"><title>Heavy</title>
				<link rel="stylesheet" href="/heavy/style.css"><script src="/heavy/app.js"></script></head>
				<body><header>A heavier page: stylesheet, script, web font, images</header><div class="grid">
				""");
		for (int i = 0; i < 8; i++) {
			html.append("<img src=\"/heavy/image-").append(i).append(".png\" alt=\"\">\n");
		}
		html.append("</div>");
		for (int i = 0; i < 6; i++) {
			html.append("<p>Paragraph ").append(i).append(": ").append("lorem ipsum dolor sit amet ".repeat(30));
			html.append("</p>\n");
		}
		return html.append("<ul id=\"items\"></ul></body></html>").toString();
	}

	private static String longPage() {
		StringBuilder html = new StringBuilder("""
				<!doctype html>
				<html><head><meta charset="utf-8"><title>Long</title>
				<style>body { margin: 0; font-family: sans-serif; } section { height: 400px; padding: 24px;
				box-sizing: border-box; } h2 { margin-top: 0; }</style></head><body>
				""");
		for (int i = 0; i < 30; i++) {
			int hue = (i * 37) % 360;
			html.append("<section style=\"background: hsl(")
				.append(hue)
				.append(", 60%, 85%)\"><h2>Section ")
				.append(i)
				.append("</h2><p>")
				.append("Text that makes the page long. ".repeat(20))
				.append("</p></section>\n");
		}
		return html.append("</body></html>").toString();
	}

	private static byte[] image(int seed) {
		BufferedImage image = new BufferedImage(480, 320, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = image.createGraphics();
		graphics.setPaint(new GradientPaint(0, 0, Color.getHSBColor(seed / 8f, 0.7f, 0.9f), 480, 320,
				Color.getHSBColor(seed / 8f + 0.3f, 0.6f, 0.4f)));
		graphics.fillRect(0, 0, 480, 320);
		java.util.Random random = new java.util.Random(seed);
		for (int i = 0; i < 400; i++) {
			graphics.setColor(new Color(random.nextInt(0xFFFFFF)));
			graphics.fillOval(random.nextInt(480), random.nextInt(320), 6 + random.nextInt(20), 6 + random.nextInt(20));
		}
		graphics.dispose();
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			ImageIO.write(image, "png", out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A TrueType font from the system's fonts (Debian's fonts-dejavu or -liberation). */
	private static Optional<byte[]> font() {
		Path fonts = Path.of("/usr/share/fonts/truetype");
		if (!Files.isDirectory(fonts)) {
			return Optional.empty();
		}
		try (Stream<Path> files = Files.walk(fonts)) {
			Optional<Path> font = files.filter((path) -> path.toString().endsWith(".ttf")).sorted().findFirst();
			return (font.isPresent()) ? Optional.of(Files.readAllBytes(font.get())) : Optional.empty();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

}
