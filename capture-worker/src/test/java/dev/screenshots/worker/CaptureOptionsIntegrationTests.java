package dev.screenshots.worker;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.text.PDFTextStripper;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.screenshots.testsupport.TestInfrastructure;
import dev.screenshots.testsupport.TestPages;
import dev.screenshots.testsupport.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every capture option group, checked on the output itself: decoded dimensions, sampled
 * pixel colours, magic bytes, what the test server saw. Pages are served by the test on
 * localhost.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "capture.browser.pool-size=2", "capture.retry.max-attempts=1" })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class CaptureOptionsIntegrationTests {

	static final TestInfrastructure infrastructure = TestInfrastructure.create().migrate();

	static final TestPages pages = TestPages.start();

	static final int RED = 0xFF0000;

	static final int GREEN = 0x00FF00;

	static final int BLUE = 0x0000FF;

	static final int WHITE = 0xFFFFFF;

	static final int BLACK = 0x000000;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	JsonMapper json;

	WorkerJobs jobs;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		infrastructure.register(registry);
	}

	@AfterAll
	static void cleanUp() {
		pages.close();
		infrastructure.close();
	}

	@BeforeEach
	void jobs() {
		this.jobs = new WorkerJobs(this.jdbc, this.rabbit, this.json, infrastructure);
	}

	// viewport and devices

	@Test
	void deviceScaleFactorMultipliesTheImageSize() throws IOException {
		BufferedImage image = png(
				capture(solid("/dpr", "rgb(0,0,255)"), "{\"width\":300,\"height\":200,\"deviceScaleFactor\":2}"));
		assertThat(image.getWidth()).isEqualTo(600);
		assertThat(image.getHeight()).isEqualTo(400);
		assertThat(rgb(image, 599, 399)).isEqualTo(BLUE);
	}

	@Test
	void devicePresetEmulatesViewportDensityTouchAndUserAgent() throws IOException {
		// a mobile page declares its viewport; without it phones (and the emulation) lay
		// out 980px wide
		String url = pages.html("/phone", "<meta name='viewport' content='width=device-width'>" + page("""
				const phone = navigator.userAgent.includes('iPhone') && 'ontouchstart' in window
				    && window.innerWidth === 393 && window.devicePixelRatio === 3;
				document.body.style.background = phone ? 'rgb(0,255,0)' : 'rgb(255,0,0)';"""));
		BufferedImage image = png(capture(url, "{\"device\":\"iPhone 15\"}"));
		assertThat(image.getWidth()).isEqualTo(393 * 3);
		// Chromium rounds the mobile visual viewport to whole device pixels: 852 × 3 may
		// come out 1 short
		assertThat(image.getHeight()).isBetween(852 * 3 - 1, 852 * 3);
		assertThat(rgb(image, 600, 1200)).isEqualTo(GREEN);
	}

	@Test
	void explicitFieldsOverrideThePreset() throws IOException {
		BufferedImage image = png(
				capture(solid("/override", "white"), "{\"device\":\"Pixel 7\",\"width\":300,\"deviceScaleFactor\":1}"));
		assertThat(image.getWidth()).isEqualTo(300);
		assertThat(image.getHeight()).isEqualTo(915);
	}

	// area

	@Test
	void fullPageCapturesTheWholePageAndMaxHeightCapsIt() throws IOException {
		String url = pages.html("/tall",
				"<!doctype html><html><body style='margin:0'>"
						+ "<div style='height:2000px;background:rgb(255,255,255)'></div>"
						+ "<div style='height:1000px;background:rgb(0,0,255)'></div></body></html>");
		BufferedImage full = png(capture(url, "{\"width\":400,\"height\":300,\"fullPage\":true}"));
		assertThat(full.getHeight()).isEqualTo(3000);
		assertThat(rgb(full, 200, 2990)).isEqualTo(BLUE);
		BufferedImage capped = png(capture(url, "{\"width\":400,\"height\":300,\"fullPage\":true,\"maxHeight\":1000}"));
		assertThat(capped.getHeight()).isEqualTo(1000);
		assertThat(rgb(capped, 200, 990)).isEqualTo(WHITE);
	}

	@Test
	void fullPageScrollsThroughSoLazyContentLoads() throws IOException {
		String url = pages.html("/lazy", """
				<!doctype html><html><body style="margin:0">
				<div style="height:2500px"></div>
				<div id="lazy" style="height:500px;background:rgb(255,0,0)"></div>
				<script>
				  new IntersectionObserver((entries) => entries.forEach((e) => {
				    if (e.isIntersecting) e.target.style.background = 'rgb(0,255,0)';
				  })).observe(document.getElementById('lazy'));
				</script></body></html>""");
		BufferedImage image = png(capture(url, "{\"width\":400,\"height\":300,\"fullPage\":true}"));
		assertThat(image.getHeight()).isEqualTo(3000);
		assertThat(rgb(image, 200, 2800)).isEqualTo(GREEN);
	}

	@Test
	void fullPageScrollsThroughForAScrollListener() throws IOException {
		String url = pages.html("/lazy-listener", """
				<!doctype html><html><body style="margin:0">
				<div style="height:2500px"></div>
				<div id="lazy" style="height:500px;background:rgb(255,0,0)"></div>
				<script>
				  let timer;
				  addEventListener('scroll', () => {
				    clearTimeout(timer);
				    timer = setTimeout(() => {
				      const lazy = document.getElementById('lazy');
				      if (lazy.getBoundingClientRect().top < innerHeight) lazy.style.background = 'rgb(0,255,0)';
				    }, 50);
				  });
				</script></body></html>""");
		BufferedImage image = png(capture(url, "{\"width\":400,\"height\":300,\"fullPage\":true}"));
		assertThat(rgb(image, 200, 2800)).as("shown by a debounced scroll listener").isEqualTo(GREEN);
	}

	@Test
	void fullPageScrollsThroughForAnObserverInAFrame() throws IOException {
		pages.html("/lazy-frame-content", """
				<!doctype html><html><body style="margin:0">
				<div id="lazy" style="height:200px;background:rgb(255,0,0)"></div>
				<script>
				  new IntersectionObserver((entries) => entries.forEach((e) => {
				    if (e.isIntersecting) e.target.style.background = 'rgb(0,255,0)';
				  })).observe(document.getElementById('lazy'));
				</script></body></html>""");
		String url = pages.html("/lazy-frame", """
				<!doctype html><html><body style="margin:0">
				<div style="height:2500px"></div>
				<iframe src="/lazy-frame-content" style="display:block;border:0;width:400px;height:200px"></iframe>
				</body></html>""");
		BufferedImage image = png(capture(url, "{\"width\":400,\"height\":300,\"fullPage\":true}"));
		assertThat(rgb(image, 200, 2600)).as("shown by the frame's observer").isEqualTo(GREEN);
	}

	@Test
	void fullPageDoesNotScrollAPageWithNothingLazy() throws IOException {
		// the page watches its scroll position every frame without any listener or
		// observer, and turns red once it has been scrolled; its top turns blue if the
		// functions the worker watches no longer look native to it
		String url = pages.html("/not-lazy", """
				<!doctype html><html><body style="margin:0;background:rgb(255,255,255)">
				<div id="top" style="height:100px"></div>
				<div style="height:2900px"></div>
				<script>
				  const looksNative = (f) => Function.prototype.toString.call(f).includes('[native code]');
				  if (!looksNative(EventTarget.prototype.addEventListener)
				      || !looksNative(IntersectionObserver.prototype.observe)
				      || IntersectionObserver.prototype.observe.name !== 'observe') {
				    document.getElementById('top').style.background = 'rgb(0,0,255)';
				  }
				  const watch = () => {
				    if (scrollY > 0) document.body.style.background = 'rgb(255,0,0)';
				    else requestAnimationFrame(watch);
				  };
				  requestAnimationFrame(watch);
				</script></body></html>""");
		BufferedImage image = png(capture(url, "{\"width\":400,\"height\":300,\"fullPage\":true}"));
		assertThat(image.getHeight()).isEqualTo(3000);
		assertThat(rgb(image, 200, 2800)).as("never scrolled").isEqualTo(WHITE);
		assertThat(rgb(image, 200, 50)).as("the watched functions look native to the page").isEqualTo(WHITE);
	}

	@Test
	void fullPageShowsFixedAndStickyElementsOnceAndLoadsLazyImages() throws IOException {
		BufferedImage green = new BufferedImage(400, 200, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < 200; y++) {
			for (int x = 0; x < 400; x++) {
				green.setRGB(x, y, GREEN);
			}
		}
		java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
		ImageIO.write(green, "png", bytes);
		pages.respond("/lazy-image.png", 200, "image/png", Map.of(), bytes.toByteArray());
		String url = pages.html("/fixed-sticky", """
				<!doctype html><html><body style="margin:0;background:rgb(255,255,255)">
				<div style="position:fixed;top:0;left:0;right:0;height:40px;background:rgb(0,0,255)"></div>
				<div style="height:1500px"></div>
				<div style="position:sticky;top:0;height:40px;background:rgb(255,0,0)"></div>
				<div style="height:1500px"></div>
				<img loading="lazy" src="/lazy-image.png" width="400" height="200" style="display:block">
				</body></html>""");
		BufferedImage image = png(capture(url, "{\"width\":400,\"height\":300,\"fullPage\":true}"));
		assertThat(image.getHeight()).isEqualTo(3240);
		assertThat(rgb(image, 200, 20)).as("the fixed header, at the top").isEqualTo(BLUE);
		for (int y : new int[] { 320, 620, 1000, 2000, 3000 }) {
			assertThat(rgb(image, 200, y)).as("nothing repeated at y=%d", y).isEqualTo(WHITE);
		}
		assertThat(rgb(image, 200, 1520)).as("the sticky element where it sits in the page").isEqualTo(RED);
		assertThat(rgb(image, 200, 3140)).as("the lazy image, loaded").isEqualTo(GREEN);
	}

	@Test
	void clipCapturesOneRectangle() throws IOException {
		String url = pages.html("/clip", "<!doctype html><html><body style='margin:0;background:white'>"
				+ "<div style='position:absolute;left:10px;top:20px;width:50px;height:40px;background:rgb(0,0,255)'>"
				+ "</div></body></html>");
		BufferedImage image = png(capture(url, "{\"clip\":{\"x\":10,\"y\":20,\"width\":50,\"height\":40}}"));
		assertThat(image.getWidth()).isEqualTo(50);
		assertThat(image.getHeight()).isEqualTo(40);
		assertThat(rgb(image, 0, 0)).isEqualTo(BLUE);
		assertThat(rgb(image, 49, 39)).isEqualTo(BLUE);
	}

	@Test
	void selectorCapturesOneElementAndAMissingOneFailsWithElementNotFound() throws IOException {
		String url = pages.html("/element", "<!doctype html><html><body style='margin:0;background:white'>"
				+ "<div style='height:300px'></div><div id='box' style='width:120px;height:60px;background:rgb(0,255,0)'>"
				+ "</div></body></html>");
		BufferedImage image = png(capture(url, "{\"selector\":\"#box\"}"));
		assertThat(image.getWidth()).isEqualTo(120);
		assertThat(image.getHeight()).isEqualTo(60);
		assertThat(rgb(image, 60, 30)).isEqualTo(GREEN);

		Map<String, Object> missing = this.jobs.run(url, "{\"selector\":\"#nope\"}");
		assertThat(missing).containsEntry("status", "failed").containsEntry("error_code", "ELEMENT_NOT_FOUND");
	}

	// formats

	@Test
	void jpegHonoursQuality() throws IOException {
		String url = pages.html("/noise",
				page("""
						const c = document.createElement('canvas'); c.width = 400; c.height = 300; document.body.append(c);
						const g = c.getContext('2d');
						for (let i = 0; i < 4000; i++) { g.fillStyle = `hsl(${i * 37 % 360},80%,50%)`; g.fillRect(i * 13 % 400, i * 7 % 300, 9, 9); }"""));
		byte[] low = capture(url, "{\"width\":400,\"height\":300,\"format\":\"jpeg\",\"quality\":10}");
		byte[] high = capture(url, "{\"width\":400,\"height\":300,\"format\":\"jpeg\",\"quality\":95}");
		assertThat(low).startsWith(0xFF, 0xD8, 0xFF);
		assertThat(low.length).isLessThan(high.length / 2);
		BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(high));
		assertThat(decoded.getWidth()).isEqualTo(400);
	}

	@Test
	void webpIsEncodedByChromiumWithTheRequestedSize() {
		Map<String, Object> row = this.jobs.run(solid("/webp", "rgb(0,0,255)"),
				"{\"width\":320,\"height\":240,\"format\":\"webp\",\"quality\":70}");
		byte[] webp = this.jobs.output(row);
		assertThat(new String(webp, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
		assertThat(new String(webp, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
		assertThat(row).containsEntry("result_content_type", "image/webp")
			.containsEntry("result_width", 320)
			.containsEntry("result_height", 240);
		assertThat((String) row.get("result_key")).endsWith(".webp");
	}

	@Test
	void webpFullPageAndElement() {
		String url = pages.html("/webp-tall",
				"<!doctype html><html><body style='margin:0'>"
						+ "<div style='height:1500px;background:rgb(200,200,200)'></div>"
						+ "<div id='box' style='width:100px;height:50px;background:rgb(0,255,0)'></div></body></html>");
		Map<String, Object> full = this.jobs.run(url,
				"{\"width\":300,\"height\":200,\"format\":\"webp\",\"fullPage\":true}");
		assertThat(full).containsEntry("result_width", 300).containsEntry("result_height", 1550);
		Map<String, Object> element = this.jobs.run(url, "{\"format\":\"webp\",\"selector\":\"#box\"}");
		assertThat(element).containsEntry("result_width", 100).containsEntry("result_height", 50);
	}

	@Test
	void pdfIsPrintedWithTheRequestedPaperAndOrientation() {
		String url = pages.html("/doc", "<!doctype html><html><body><h1>Report</h1></body></html>");
		Map<String, Object> portrait = this.jobs.run(url, "{\"format\":\"pdf\",\"pdf\":{\"format\":\"a4\"}}");
		byte[] pdf = this.jobs.output(portrait);
		assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
		assertThat(portrait).containsEntry("result_content_type", "application/pdf")
			.containsEntry("result_width", null);
		double[] page = mediaBox(pdf);
		assertThat(page[0]).isCloseTo(595, org.assertj.core.data.Offset.offset(2.0));
		assertThat(page[1]).isCloseTo(842, org.assertj.core.data.Offset.offset(2.0));

		double[] landscape = mediaBox(this.jobs.output(this.jobs.run(url,
				"{\"format\":\"pdf\",\"pdf\":{\"format\":\"letter\",\"landscape\":true,\"margin\":{\"top\":\"1cm\"}}}")));
		assertThat(landscape[0]).isCloseTo(792, org.assertj.core.data.Offset.offset(2.0));
		assertThat(landscape[1]).isCloseTo(612, org.assertj.core.data.Offset.offset(2.0));
	}

	@Test
	void pdfFooterAndHeaderTemplatesPrintPageNumbersAndTitleAndPageRangesSelectPages() throws IOException {
		String url = pages.html("/three-pages", "<!doctype html><html><head><title>Quarterly report</title></head>"
				+ "<body><div style='page-break-after:always'>First chapter</div>"
				+ "<div style='page-break-after:always'>Second chapter</div><div>Third chapter</div></body></html>");
		String templates = "\"margin\":{\"top\":\"2cm\",\"bottom\":\"2cm\"},"
				+ "\"headerTemplate\":\"<div style='font-size:10px'><span class='title'></span></div>\","
				+ "\"footerTemplate\":\"<div style='font-size:10px'>Page <span class='pageNumber'></span>"
				+ " of <span class='totalPages'></span></div>\"";

		try (PDDocument all = Loader
			.loadPDF(this.jobs.output(this.jobs.run(url, "{\"format\":\"pdf\",\"pdf\":{" + templates + "}}")))) {
			assertThat(all.getNumberOfPages()).isEqualTo(3);
			for (int page = 1; page <= 3; page++) {
				assertThat(text(all, page)).contains("Page " + page + " of 3").contains("Quarterly report");
			}
			assertThat(text(all, 2)).contains("Second chapter");
		}
		try (PDDocument range = Loader.loadPDF(this.jobs
			.output(this.jobs.run(url, "{\"format\":\"pdf\",\"pdf\":{" + templates + ",\"pageRanges\":\"2-3\"}}")))) {
			assertThat(range.getNumberOfPages()).isEqualTo(2);
			assertThat(text(range, 1)).contains("Second chapter");
			assertThat(text(range, 2)).contains("Third chapter");
		}
		Map<String, Object> outOfRange = this.jobs.run(url, "{\"format\":\"pdf\",\"pdf\":{\"pageRanges\":\"7-9\"}}");
		assertThat(outOfRange).containsEntry("status", "failed").containsEntry("error_code", "INVALID_REQUEST");
		assertThat((String) outOfRange.get("error_message")).contains("pdf.pageRanges");
	}

	@Test
	void pdfCustomPaperCssPageSizeScaleOutlineAndTagsAreAsAsked() throws IOException {
		String body = "<body><h1>Chapter One</h1><p>" + "Words to fill the page. ".repeat(400) + "</p>"
				+ "<h1>Chapter Two</h1><p>The end.</p></body></html>";
		String url = pages.html("/sized-doc", "<!doctype html><html>" + body);
		String cssSized = pages.html("/css-sized-doc",
				"<!doctype html><html><head><style>@page { size: 100mm 50mm }</style></head>" + body);

		try (PDDocument custom = Loader.loadPDF(this.jobs
			.output(this.jobs.run(url, "{\"format\":\"pdf\",\"pdf\":{\"width\":\"10cm\",\"height\":\"15cm\"}}")))) {
			assertThat(custom.getPage(0).getMediaBox().getWidth()).isCloseTo(283.5f, Offset.offset(1f));
			assertThat(custom.getPage(0).getMediaBox().getHeight()).isCloseTo(425.2f, Offset.offset(1f));
		}
		try (PDDocument css = Loader.loadPDF(this.jobs
			.output(this.jobs.run(cssSized, "{\"format\":\"pdf\",\"pdf\":{\"preferCssPageSize\":true}}")))) {
			assertThat(css.getPage(0).getMediaBox().getWidth()).isCloseTo(283.5f, Offset.offset(1f));
			assertThat(css.getPage(0).getMediaBox().getHeight()).isCloseTo(141.7f, Offset.offset(1f));
		}
		int atFullScale;
		try (PDDocument full = Loader.loadPDF(this.jobs.output(this.jobs.run(url, "{\"format\":\"pdf\"}")))) {
			atFullScale = full.getNumberOfPages();
			assertThat(full.getDocumentCatalog().getDocumentOutline()).as("no outline unless asked").isNull();
			assertThat(full.getDocumentCatalog().getStructureTreeRoot()).as("untagged unless asked").isNull();
		}
		try (PDDocument half = Loader.loadPDF(this.jobs.output(
				this.jobs.run(url, "{\"format\":\"pdf\",\"pdf\":{\"scale\":0.5,\"outline\":true,\"tagged\":true}}")))) {
			assertThat(half.getNumberOfPages()).as("half the scale, fewer pages").isLessThan(atFullScale);
			PDDocumentOutline outline = half.getDocumentCatalog().getDocumentOutline();
			assertThat(outline).isNotNull();
			assertThat(outline.getFirstChild().getTitle()).isEqualTo("Chapter One");
			assertThat(half.getDocumentCatalog().getStructureTreeRoot()).isNotNull();
			assertThat(half.getDocumentCatalog().getMarkInfo().isMarked()).isTrue();
		}
	}

	private static String text(PDDocument document, int page) throws IOException {
		PDFTextStripper stripper = new PDFTextStripper();
		stripper.setStartPage(page);
		stripper.setEndPage(page);
		return stripper.getText(document);
	}

	@Test
	void pdfPrintBackgroundAndMarginsShapeThePrintedPage() {
		String url = pages.html("/coloured-doc", "<!doctype html><html><body style='margin:0;background:rgb(0,0,255)'>"
				+ "<h1>Report</h1></body></html>");
		String withBackground = pdfContent(this.jobs.output(this.jobs.run(url, "{\"format\":\"pdf\"}")));
		String withoutBackground = pdfContent(
				this.jobs.output(this.jobs.run(url, "{\"format\":\"pdf\",\"pdf\":{\"printBackground\":false}}")));
		String withMargin = pdfContent(this.jobs.output(
				this.jobs.run(url, "{\"format\":\"pdf\",\"pdf\":{\"margin\":{\"top\":\"1in\",\"left\":\"1in\"}}}")));
		String blueFill = "0 0 1 rg";
		assertThat(withBackground).as("the blue background is painted").contains(blueFill);
		assertThat(withoutBackground).as("printBackground false").doesNotContain(blueFill);
		assertThat(contentOffset(withBackground)).containsExactly(0, 0);
		assertThat(contentOffset(withMargin)).as("1in = 72pt from the left and the top").containsExactly(72, 72);
	}

	/**
	 * Where the page content starts, in points from the left and top: the translation of
	 * the first drawing transform, scaled by the page transform before it.
	 */
	private static long[] contentOffset(String content) {
		Matcher transform = Pattern.compile("(\\S+) 0 0 (\\S+) (\\S+) (\\S+) cm").matcher(content);
		assertThat(transform.find()).as("the page transform").isTrue();
		double scale = Double.parseDouble(transform.group(1));
		assertThat(transform.find()).as("a drawing transform").isTrue();
		return new long[] { Math.round(Double.parseDouble(transform.group(3)) * scale),
				Math.round(Double.parseDouble(transform.group(4)) * scale) };
	}

	/** The decompressed content streams of a PDF, concatenated. */
	private static String pdfContent(byte[] pdf) {
		String text = new String(pdf, StandardCharsets.ISO_8859_1);
		StringBuilder content = new StringBuilder();
		Matcher stream = Pattern.compile("(?<!end)stream\r?\n").matcher(text);
		int from = 0;
		while (stream.find(from)) {
			int start = stream.end();
			int end = text.indexOf("endstream", start);
			if (end < 0) {
				break;
			}
			java.util.zip.Inflater inflater = new java.util.zip.Inflater();
			inflater.setInput(pdf, start, end - start);
			byte[] buffer = new byte[1 << 20];
			try {
				int n = inflater.inflate(buffer);
				content.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1)).append('\n');
			}
			catch (java.util.zip.DataFormatException ex) {
				// not a Flate stream (fonts, images): skipped
			}
			finally {
				inflater.end();
			}
			from = end;
		}
		return content.toString();
	}

	@Test
	void omitBackgroundGivesATransparentPng() throws IOException {
		String url = pages.html("/transparent", "<!doctype html><html><body style='margin:0'>"
				+ "<div style='width:50px;height:50px;background:rgb(255,0,0)'></div></body></html>");
		BufferedImage image = png(capture(url, "{\"width\":200,\"height\":100,\"omitBackground\":true}"));
		assertThat(image.getRGB(150, 80) >>> 24).as("alpha of the background").isZero();
		assertThat(image.getRGB(10, 10) >>> 24).as("alpha of the red box").isEqualTo(255);
	}

	// emulation

	@Test
	void colorSchemeReducedMotionAndPrintMediaAreEmulated() throws IOException {
		String url = pages.html("/media", """
				<!doctype html><html><head><style>
				  html, body { margin: 0; height: 100%; background: rgb(255,255,255); }
				  @media (prefers-color-scheme: dark) { body { background: rgb(0,0,0); } }
				  @media (prefers-reduced-motion: reduce) { body { border-top: 50px solid rgb(0,255,0); } }
				  @media print { body { background: rgb(0,0,255); } }
				</style></head><body></body></html>""");
		BufferedImage dark = png(capture(url, "{\"colorScheme\":\"dark\",\"reducedMotion\":\"reduce\"}"));
		assertThat(rgb(dark, 200, 300)).isEqualTo(BLACK);
		assertThat(rgb(dark, 200, 10)).isEqualTo(GREEN);
		BufferedImage light = png(capture(url, "{\"colorScheme\":\"light\"}"));
		assertThat(rgb(light, 200, 300)).isEqualTo(WHITE);
		assertThat(rgb(light, 200, 10)).isEqualTo(WHITE);
		BufferedImage print = png(capture(url, "{\"mediaType\":\"print\"}"));
		assertThat(rgb(print, 200, 300)).isEqualTo(BLUE);
	}

	@Test
	void localeTimezoneUserAgentHeadersAndCookiesReachThePageButNotTheLogs(CapturedOutput output) throws IOException {
		String url = pages.html("/whoami", page("""
				const ok = navigator.language === 'de-DE'
				    && Intl.DateTimeFormat().resolvedOptions().timeZone === 'Asia/Tokyo'
				    && navigator.userAgent === 'ScreenshotBot/1.0'
				    && document.cookie.includes('theme=blue-secret-0e9d');
				document.body.style.background = ok ? 'rgb(0,255,0)' : 'rgb(255,0,0)';"""));
		BufferedImage image = png(capture(url,
				"""
						{"locale":"de-DE","timezoneId":"Asia/Tokyo","userAgent":"ScreenshotBot/1.0",
						 "extraHeaders":{"X-Trace":"trace-secret-41c7"},"cookies":[{"name":"theme","value":"blue-secret-0e9d"}]}"""));
		assertThat(rgb(image, 10, 10)).isEqualTo(GREEN);
		Map<String, String> headers = pages.lastHeaders("/whoami");
		assertThat(headers).containsEntry("X-Trace", "trace-secret-41c7")
			.containsEntry("User-Agent", "ScreenshotBot/1.0");
		assertThat(headers.get("Cookie")).contains("theme=blue-secret-0e9d");
		assertThat(output.getAll()).doesNotContain("trace-secret-41c7", "blue-secret-0e9d");
		assertThat(headers.get("Accept-Language")).startsWith("de-DE");
	}

	@Test
	void javaScriptCanBeTurnedOff() throws IOException {
		String url = pages.html("/nojs", page("document.body.style.background = 'rgb(255,0,0)';"));
		assertThat(rgb(png(capture(url, "{\"javaScriptEnabled\":false}")), 10, 10)).isEqualTo(WHITE);
		assertThat(rgb(png(capture(url, "{}")), 10, 10)).isEqualTo(RED);
	}

	// clean-up

	@Test
	void hideSelectorsCssAndJsChangeThePageBeforeTheCapture() throws IOException {
		String url = pages.html("/banner",
				"<!doctype html><html><body style='margin:0;background:white'>"
						+ "<div class='banner' style='position:fixed;inset:0;background:rgb(255,0,0)'></div>"
						+ "<div id='bar' style='height:40px'></div></body></html>");
		BufferedImage hidden = png(capture(url, "{\"hideSelectors\":[\".banner\", \"not a valid selector((\"]}"));
		assertThat(rgb(hidden, 200, 300)).isEqualTo(WHITE);
		BufferedImage styled = png(capture(url,
				"{\"hideSelectors\":[\".banner\"],\"css\":\"body { background: rgb(0,0,255) !important; }\"}"));
		assertThat(rgb(styled, 200, 300)).isEqualTo(BLUE);
		BufferedImage scripted = png(capture(url, "{\"hideSelectors\":[\".banner\"],"
				+ "\"js\":\"await new Promise(r => setTimeout(r, 50)); document.getElementById('bar').style.background = 'rgb(0,255,0)';\"}"));
		assertThat(rgb(scripted, 200, 20)).isEqualTo(GREEN);
		assertThat(rgb(scripted, 200, 300)).isEqualTo(WHITE);
	}

	@Test
	void failingScriptFailsTheJobWithScriptFailed() {
		Map<String, Object> row = this.jobs.run(solid("/bad-js", "white"), "{\"js\":\"throw new Error('boom')\"}");
		assertThat(row).containsEntry("status", "failed").containsEntry("error_code", "SCRIPT_FAILED");
		assertThat((String) row.get("error_message")).contains("boom");
	}

	@Test
	void blockedResourceTypesAndUrlPatternsAreNeverRequestedAndAreCounted() throws IOException {
		pages.respond("/pixel.png", 200, "image/png", Map.of(), new byte[] { 1 });
		pages.html("/ads/tracker.js", "x");
		pages.html("/app.js", "document.body.style.background = 'rgb(0,255,0)';");
		String url = pages.html("/blocking",
				"<!doctype html><html><body style='margin:0;background:white'>"
						+ "<img src='/pixel.png'><script src='/ads/tracker.js'></script><script src='/app.js'></script>"
						+ "</body></html>");
		Map<String, Object> row = this.jobs.run(url,
				"{\"blockResourceTypes\":[\"image\"],\"blockUrlPatterns\":[\"**/ads/**\"]}");
		assertThat(row).containsEntry("status", "completed").containsEntry("result_blocked_requests", 2);
		assertThat(pages.hits("/pixel.png")).isZero();
		assertThat(pages.hits("/ads/tracker.js")).isZero();
		assertThat(pages.hits("/app.js")).isEqualTo(1);
		assertThat(rgb(png(this.jobs.output(row)), 200, 300)).isEqualTo(GREEN);
	}

	// waiting

	@Test
	void waitForSelectorAndWaitForFunctionHoldTheCaptureUntilTheyComeTrue() throws IOException {
		String url = pages.html("/later", page("""
				setTimeout(() => { const d = document.createElement('div'); d.id = 'late';
				  d.style.cssText = 'height:100px;background:rgb(0,0,255)'; document.body.append(d); }, 400);
				setTimeout(() => { document.body.style.background = 'rgb(0,255,0)'; window.ready = true; }, 700);"""));
		BufferedImage image = png(capture(url,
				"{\"waitForSelector\":{\"selector\":\"#late\"},\"waitForFunction\":\"window.ready === true\"}"));
		assertThat(rgb(image, 200, 50)).isEqualTo(BLUE);
		assertThat(rgb(image, 200, 400)).isEqualTo(GREEN);
	}

	@Test
	void networkIdleWaitsForLateRequestsAndDelayWaitsForLateScripts() throws IOException {
		// what comes late must come after a capture that does not wait for it, however
		// slow the machine, so these times are scaled; the capture's delay still outlasts
		// the late script by a second (scaled too)
		Duration late = Waits.scaled(Duration.ofMillis(2000));
		Duration lateScript = Waits.scaled(Duration.ofMillis(1500));
		long delay = lateScript.plus(Waits.scaled(Duration.ofSeconds(1))).toMillis();
		pages.delayed("/late-colour", late, "rgb(0,255,0)");
		String fetching = pages.html("/fetches-late", page("""
				setTimeout(() => fetch('/late-colour').then((r) => r.text())
				  .then((colour) => { document.body.style.background = colour; }), 100);"""));
		assertThat(rgb(png(capture(fetching, "{\"waitUntil\":\"load\"}")), 10, 10)).as("load").isEqualTo(WHITE);
		assertThat(rgb(
				png(capture(fetching,
						"{\"waitUntil\":\"networkidle\",\"timeoutMs\":" + Waits.pageTimeoutMillis(30_000) + "}")),
				10, 10))
			.as("networkidle")
			.isEqualTo(GREEN);

		String timer = pages.html("/timer",
				page("setTimeout(() => { document.body.style.background = 'rgb(0,0,255)'; }, " + lateScript.toMillis()
						+ ");"));
		assertThat(rgb(png(capture(timer, "{}")), 10, 10)).as("no delay").isEqualTo(WHITE);
		assertThat(rgb(png(capture(timer, "{\"delayMs\":" + delay + "}")), 10, 10)).as("delayMs").isEqualTo(BLUE);
	}

	@Test
	void conditionThatNeverComesTrueFailsWithWaitConditionTimeout() {
		// the page must load within the limit before the condition can time out
		Map<String, Object> row = this.jobs.run(solid("/never", "white"),
				"{\"timeoutMs\":" + Waits.pageTimeoutMillis(1000)
						+ ",\"waitForSelector\":{\"selector\":\"#never\",\"state\":\"attached\"}}");
		assertThat(row).containsEntry("status", "failed").containsEntry("error_code", "WAIT_CONDITION_TIMEOUT");
	}

	@Test
	void waitUntilCommitAndDomContentLoadedDoNotWaitForTheLoadEvent() {
		String url = pages.neverFinishes("/streaming");
		for (String state : new String[] { "commit", "domcontentloaded" }) {
			// commit must come within the limit, domcontentloaded never does
			Map<String, Object> row = this.jobs.run(url,
					"{\"waitUntil\":\"" + state + "\",\"timeoutMs\":" + Waits.pageTimeoutMillis(3000) + "}");
			assertThat(row).as(state).containsEntry("status", state.equals("commit") ? "completed" : "failed");
		}
	}

	// actions

	@Test
	void actionsChangeThePageBeforeTheCapture() throws IOException {
		String url = pages.html("/actions", """
				<!doctype html><html><head><style>
				  body { margin: 0; background: white; }
				  #hover { width: 100px; height: 100px; background: rgb(255,0,0); }
				  #hover:hover { background: rgb(0,0,255); }
				</style></head><body>
				<button id="paint" onclick="document.body.style.background='rgb(0,255,0)'">paint</button>
				<form onsubmit="event.preventDefault(); document.title = 'searched ' + this.q.value;">
				  <input id="q" name="q"></form>
				<div id="hover"></div><div style="height:3000px"></div>
				</body></html>""");
		Map<String, Object> row = this.jobs.run(url,
				"""
						{"actions":[{"type":"click","selector":"#paint"},{"type":"fill","selector":"#q","text":"kittens"},
						 {"type":"press","selector":"#q","key":"Enter"},{"type":"wait","ms":50},{"type":"hover","selector":"#hover"},
						 {"type":"scroll","y":0}]}""");
		assertThat(row).containsEntry("status", "completed").containsEntry("result_title", "searched kittens");
		BufferedImage image = png(this.jobs.output(row));
		assertThat(rgb(image, 600, 500)).isEqualTo(GREEN);
		int hoverTop = 60;
		assertThat(rgb(image, 50, hoverTop + 40)).isEqualTo(BLUE);
	}

	@Test
	void waitForAnElementAndScrollToAnotherAreActions() throws IOException {
		String url = pages.html("/scroll-to", page("""
				document.body.innerHTML = "<div style='height:3000px'></div>"
				    + "<div id='target' style='height:2000px;background:rgb(0,0,255)'></div>";
				setTimeout(() => { const late = document.createElement('div'); late.id = 'late';
				  late.textContent = 'ready'; document.body.prepend(late); }, 300);"""));
		BufferedImage image = png(capture(url,
				"{\"actions\":[{\"type\":\"wait\",\"selector\":\"#late\",\"timeoutMs\":"
						+ Waits.scaled(Duration.ofSeconds(3)).toMillis()
						+ "},{\"type\":\"scroll\",\"selector\":\"#target\"}]}"));
		assertThat(rgb(image, 200, 10)).isEqualTo(BLUE);
		assertThat(rgb(image, 200, 700)).isEqualTo(BLUE);
	}

	@Test
	void failingActionEndsTheJobWithActionFailedNamingItsIndex() {
		Map<String, Object> row = this.jobs.run(solid("/no-button", "white"),
				"{\"actions\":[{\"type\":\"wait\",\"ms\":10},{\"type\":\"click\",\"selector\":\"#missing\",\"timeoutMs\":500}]}");
		assertThat(row).containsEntry("status", "failed")
			.containsEntry("error_code", "ACTION_FAILED")
			.containsEntry("error_step", "syncing_files");
		assertThat((String) row.get("error_message")).startsWith("Action 1 (click #missing) failed");
	}

	// result

	@Test
	void resultRecordsFinalUrlStatusTitleAndConsoleErrors() {
		String target = pages.html("/final", "<!doctype html><html><head><title>Final page</title></head>"
				+ "<body><script>console.error('oops'); undefinedFunction();</script></body></html>");
		String url = pages.respond("/start", 302, "text/html", Map.of("Location", target), new byte[0]);
		Map<String, Object> row = this.jobs.run(url, "{}");
		assertThat(row).containsEntry("status", "completed")
			.containsEntry("result_final_url", target)
			.containsEntry("result_http_status", 200)
			.containsEntry("result_title", "Final page")
			.containsEntry("result_console_errors", 2)
			.containsEntry("result_blocked_requests", 0);
	}

	// deterministic pictures

	@Test
	void disableAnimationsGivesTheSameImageTwiceWithAnimationsAtRest() throws IOException {
		String url = pages.html("/animated",
				"""
						<!doctype html><html><head><style>
						  html, body { margin: 0; height: 100%; background: rgb(255,255,255); }
						  @keyframes pulse { from { background: rgb(255,0,0); } to { background: rgb(0,0,255); } }
						  @keyframes slide { from { transform: translateX(0); } to { transform: translateX(200px); } }
						  #spin { width: 100px; height: 100px; background: rgb(0,255,0); animation: pulse 700ms infinite alternate; }
						  #once { width: 50px; height: 50px; background: rgb(0,0,0); animation: slide 60s forwards; }
						</style></head><body><div id="spin"></div><div id="once"></div>
						<input autofocus value="caret"></body></html>""");

		byte[] first = capture(url, "{\"disableAnimations\":true,\"width\":400,\"height\":300}");
		byte[] second = capture(url, "{\"disableAnimations\":true,\"width\":400,\"height\":300}");

		assertThat(second).as("two captures of an animated page").isEqualTo(first);
		BufferedImage image = png(first);
		assertThat(rgb(image, 50, 50)).as("the infinite animation cancelled: the element's own colour")
			.isEqualTo(GREEN);
		assertThat(rgb(image, 225, 125)).as("the finite animation finished: the square at its end").isEqualTo(BLACK);
		assertThat(rgb(image, 25, 125)).as("and not at its start").isEqualTo(WHITE);
	}

	@Test
	void aWebFontThatArrivesLateIsInThePicture() throws IOException {
		byte[] font = Files.readAllBytes(displayFont());
		String early = pages.respond("/fonts/early.ttf", 200, "font/ttf", Map.of(), font);
		// 6 s, not 1.5: on a loaded machine a capture alone can take 1.5 s, and the test
		// must fail when the worker does not wait (it did, without the wait, at 6 s)
		String late = pages.delayed("/fonts/late.ttf", Duration.ofSeconds(6), "font/ttf", font);
		String page = """
				<!doctype html><html><head><style>
				  @font-face { font-family: "Display"; src: url("%s") format("truetype"); }
				  body { margin: 0; background: white; }
				  p { font-family: "Display", monospace; font-size: 64px; margin: 20px; }
				</style></head><body><p>Hamburgefonts</p></body></html>""";
		String withLateFont = pages.html("/late-font", page.formatted(late));
		String withEarlyFont = pages.html("/early-font", page.formatted(early));
		String withoutFont = pages.html("/no-font", page.formatted(pages.url("/fonts/missing.ttf")));

		// WebP is rendered through the DevTools protocol, where Playwright's own
		// screenshot waits do not apply: the worker's wait for fonts is what is tested
		// and the page is taken at domcontentloaded, before the font could arrive
		String webp = "{\"width\":800,\"height\":200,\"format\":\"webp\",\"quality\":100,"
				+ "\"waitUntil\":\"domcontentloaded\"}";
		BufferedImage lateImage = decoded(capture(withLateFont, webp));
		BufferedImage earlyImage = decoded(capture(withEarlyFont, webp));
		BufferedImage fallback = decoded(capture(withoutFont, webp));

		assertThat(samePixels(lateImage, earlyImage)).as("the late font is drawn like the early one").isTrue();
		assertThat(samePixels(earlyImage, fallback)).as("the font makes a difference").isFalse();
	}

	// checks and warnings

	@Test
	void failOnHttpErrorFailsAnErrorPageAndWithoutItTheJobCompletesWithAWarning() {
		String missing = pages.respond("/gone", 404, "text/html", Map.of(),
				"<!doctype html><h1>Not here</h1>".getBytes(StandardCharsets.UTF_8));

		Map<String, Object> failed = this.jobs.run(missing, "{\"failOnHttpError\":true}");
		assertThat(failed).containsEntry("status", "failed")
			.containsEntry("error_code", "HTTP_ERROR")
			.containsEntry("error_message", "The page answered HTTP 404");

		Map<String, Object> completed = this.jobs.run(missing, "{}");
		assertThat(completed).containsEntry("status", "completed").containsEntry("result_http_status", 404);
		assertThat(warnings(completed)).containsExactly("HTTP_ERROR_STATUS");
	}

	@Test
	void contentChecksFailOnMissingOrPresentVisibleText() {
		String url = pages.html("/welcome",
				"<!doctype html><body><h1>Welcome back</h1>" + "<p style='display:none'>Hidden secret</p></body>");

		assertThat(this.jobs.run(url, "{\"failIfTextMissing\":\"Welcome\",\"failIfTextPresent\":\"Hidden\"}"))
			.as("hidden text is not visible text")
			.containsEntry("status", "completed");
		assertThat(this.jobs.run(url, "{\"failIfTextMissing\":\"Goodbye\"}")).containsEntry("status", "failed")
			.containsEntry("error_code", "CONTENT_CHECK_FAILED")
			.containsEntry("error_message", "The page's visible text does not contain 'Goodbye'");
		assertThat(this.jobs.run(url, "{\"failIfTextPresent\":\"back\"}")).containsEntry("status", "failed")
			.containsEntry("error_code", "CONTENT_CHECK_FAILED")
			.containsEntry("error_message", "The page's visible text contains 'back'");
	}

	@Test
	void aSingleColourPictureIsFlaggedBlankInEveryImageFormat() {
		for (String format : List.of("png", "jpeg", "webp")) {
			Map<String, Object> blank = this.jobs.run(solid("/blank-" + format, "rgb(250,250,250)"),
					"{\"format\":\"" + format + "\"}");
			assertThat(blank).containsEntry("status", "completed");
			assertThat(warnings(blank)).as(format).containsExactly("BLANK_IMAGE");
		}
		Map<String, Object> drawn = this.jobs.run(pages.html("/drawn",
				"<!doctype html><body style='margin:0;background:white'><div style='width:40px;height:40px;"
						+ "background:black'></div></body>"),
				"{\"format\":\"webp\"}");
		assertThat(warnings(drawn)).isEmpty();
	}

	@Test
	void challengePagesAndShownConsentBannersAreFlagged() {
		String challenge = pages.html("/challenge", "<!doctype html><html><head><title>Just a moment...</title>"
				+ "</head><body><form id='challenge-form'>Checking your browser</form></body></html>");
		assertThat(warnings(this.jobs.run(challenge, "{}"))).containsExactly("CHALLENGE_PAGE");

		String banner = "<div id='onetrust-banner-sdk' style='position:fixed;bottom:0;left:0;right:0;height:120px;"
				+ "background:#333;color:white'%s>We use cookies</div>";
		String shown = pages.html("/consent-shown",
				"<!doctype html><body><h1>Article</h1>" + banner.formatted("") + "</body>");
		String hidden = pages.html("/consent-hidden",
				"<!doctype html><body><h1>Article</h1>" + banner.formatted(" hidden") + "</body>");
		assertThat(warnings(this.jobs.run(shown, "{}"))).containsExactly("CONSENT_WALL");
		assertThat(warnings(this.jobs.run(hidden, "{}"))).as("a dismissed banner is no wall").isEmpty();
	}

	private List<String> warnings(Map<String, Object> row) {
		assertThat(row).as("job %s: %s", row.get("id"), row.get("error_message")).containsEntry("status", "completed");
		return this.json.readTree(String.valueOf(row.get("result_warnings")))
			.valueStream()
			.map((warning) -> warning.path("code").asString())
			.toList();
	}

	private byte[] capture(String url, String optionsJson) {
		Map<String, Object> row = this.jobs.run(url, optionsJson);
		assertThat(row).as("job %s: %s", row.get("id"), row.get("error_message")).containsEntry("status", "completed");
		return this.jobs.output(row);
	}

	private static boolean samePixels(BufferedImage one, BufferedImage other) {
		if (one.getWidth() != other.getWidth() || one.getHeight() != other.getHeight()) {
			return false;
		}
		for (int y = 0; y < one.getHeight(); y++) {
			for (int x = 0; x < one.getWidth(); x++) {
				if (one.getRGB(x, y) != other.getRGB(x, y)) {
					return false;
				}
			}
		}
		return true;
	}

	private static BufferedImage decoded(byte[] webp) throws IOException {
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(webp));
		assertThat(image).as("a WebP ImageIO can read (TwelveMonkeys)").isNotNull();
		return image;
	}

	/** A proportional TrueType font of the machine, unlike the monospace fallback. */
	private static Path displayFont() throws IOException {
		try (Stream<Path> files = Files.walk(Path.of("/usr/share/fonts"))) {
			return files.filter((path) -> path.toString().endsWith(".ttf"))
				.filter((path) -> !path.getFileName().toString().toLowerCase().contains("mono"))
				.sorted()
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no TrueType font under /usr/share/fonts"));
		}
	}

	private static String solid(String path, String colour) {
		return pages.html(path, TestPages.solidColour(colour));
	}

	private static String page(String script) {
		return "<!doctype html><html><head><style>html,body{margin:0;height:100%;background:white}</style></head>"
				+ "<body><script>" + script + "</script></body></html>";
	}

	private static BufferedImage png(byte[] bytes) throws IOException {
		assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
		return ImageIO.read(new ByteArrayInputStream(bytes));
	}

	private static int rgb(BufferedImage image, int x, int y) {
		return image.getRGB(x, y) & 0xFFFFFF;
	}

	private static double[] mediaBox(byte[] pdf) {
		Matcher box = Pattern.compile("/MediaBox\\s*\\[\\s*0\\s+0\\s+([\\d.]+)\\s+([\\d.]+)\\s*\\]")
			.matcher(new String(pdf, StandardCharsets.ISO_8859_1));
		assertThat(box.find()).as("a MediaBox in the PDF").isTrue();
		return new double[] { Double.parseDouble(box.group(1)), Double.parseDouble(box.group(2)) };
	}

}
