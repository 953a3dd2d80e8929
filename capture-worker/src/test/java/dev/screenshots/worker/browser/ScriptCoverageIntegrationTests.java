package dev.screenshots.worker.browser;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.screenshots.model.capture.WaitUntil;
import dev.screenshots.runtime.security.UrlPolicy;
import dev.screenshots.runtime.security.UrlPolicyProperties;
import dev.screenshots.testsupport.TestPages;
import dev.screenshots.testsupport.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The capture machine has a font for every major writing system and colour emoji
 * (scripts/lib.sh installs Debian's Noto fonts): in real Chromium, two different
 * characters of one script render as two different pictures with ink in them, where a
 * missing font would give the same empty box twice, and an emoji has colour, where a
 * missing colour font gives a black outline.
 */
class ScriptCoverageIntegrationTests {

	static final Duration PAGE = Waits.scaled(Duration.ofSeconds(10));

	static TestPages pages;

	static BrowserPool pool;

	@BeforeAll
	static void start() {
		pages = TestPages.start();
		pool = TestPool.start(UrlPolicy.withSystemDns(new UrlPolicyProperties(true,
				List.of("127.0.0.1:" + pages.port()), List.of(), Map.of(), Duration.ofSeconds(1)), List.of()));
	}

	@AfterAll
	static void stop() {
		pool.stop();
		pages.close();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "Japanese, ja, あ, 語", "Simplified Chinese, zh-Hans, 汉, 语", "Traditional Chinese, zh-Hant, 漢, 語",
			"Korean, ko, 한, 글", "Arabic, ar, ب, ج", "Hebrew, he, א, ש", "Devanagari (Hindi), hi, क, ख",
			"Bengali, bn, ক, খ", "Tamil, ta, க, ங", "Thai, th, ก, ข", "Cyrillic, ru, Ж, Д", "Greek, el, Ω, Σ" })
	void twoCharactersOfAScriptRenderAsTwoDifferentGlyphs(String script, String lang, String first, String second)
			throws Exception {
		BufferedImage one = render(lang, first);
		BufferedImage other = render(lang, second);

		assertThat(inkPixels(one)).as("%s %s is drawn", script, first).isGreaterThan(150);
		assertThat(inkPixels(other)).as("%s %s is drawn", script, second).isGreaterThan(150);
		assertThat(samePixels(one, other)).as("%s: %s and %s look alike (the same fallback box)", script, first, second)
			.isFalse();
	}

	@Test
	void emojiAreInColour() throws Exception {
		BufferedImage face = render("en", "\uD83D\uDE00"); // grinning face
		BufferedImage heart = render("en", "\u2764\uFE0F"); // red heart, emoji
															// presentation

		assertThat(colouredPixels(face)).as("coloured pixels of 😀").isGreaterThan(500);
		assertThat(colouredPixels(heart)).as("coloured pixels of ❤️").isGreaterThan(500);
		assertThat(samePixels(face, heart)).isFalse();
	}

	private static BufferedImage render(String lang, String text) throws Exception {
		String url = pages.html("/script-" + lang + "-" + Integer.toHexString(text.hashCode()), """
				<!doctype html><html lang="%s"><head><meta charset="utf-8"></head>
				<body style="margin:0;background:#fff;color:#000">
				<div style="font-size:120px;line-height:1;padding:20px;font-family:sans-serif">%s</div>
				</body></html>""".formatted(lang, text));
		byte[] png = TestPool.run(pool, SandboxSpec.viewport(200, 200), (sandbox) -> {
			sandbox.load(url, WaitUntil.LOAD, PAGE);
			CaptureSpec spec = CaptureSpec.png(PAGE);
			sandbox.settle(spec);
			return sandbox.capture(spec);
		});
		try {
			return ImageIO.read(new ByteArrayInputStream(png));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Pixels that are not white. */
	private static int inkPixels(BufferedImage image) {
		int ink = 0;
		for (int y = 0; y < image.getHeight(); y++) {
			for (int x = 0; x < image.getWidth(); x++) {
				if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
					ink++;
				}
			}
		}
		return ink;
	}

	/** Pixels whose channels differ by more than 80: colour, not grey. */
	private static int colouredPixels(BufferedImage image) {
		int coloured = 0;
		for (int y = 0; y < image.getHeight(); y++) {
			for (int x = 0; x < image.getWidth(); x++) {
				int rgb = image.getRGB(x, y);
				int r = (rgb >> 16) & 0xFF;
				int g = (rgb >> 8) & 0xFF;
				int b = rgb & 0xFF;
				if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 80) {
					coloured++;
				}
			}
		}
		return coloured;
	}

	private static boolean samePixels(BufferedImage one, BufferedImage other) {
		for (int y = 0; y < one.getHeight(); y++) {
			for (int x = 0; x < one.getWidth(); x++) {
				if (one.getRGB(x, y) != other.getRGB(x, y)) {
					return false;
				}
			}
		}
		return true;
	}

}
