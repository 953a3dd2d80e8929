package dev.screenshots.worker.compare;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Known image pairs, drawn here: identical, one block moved, a shape shifted by a
 * fraction of a pixel (only anti-aliasing differs), a faint colour change, a masked
 * change.
 */
class PixelmatchTest {

	@Test
	void identicalImagesHaveNoDifferenceAndAFadedDiff() {
		int[] image = pixels(drawn((graphics) -> block(graphics, 10, 10)));
		int[] diff = new int[image.length];

		assertThat(Pixelmatch.compare(image, image.clone(), 100, 100, 0.1, null, diff)).isZero();
		assertThat(diff[0] & 0xFFFFFF).as("white stays (almost) white").isGreaterThan(0xF0F0F0);
		assertThat(diff[15 * 100 + 15] & 0xFF).as("the black block, faded to a light grey").isBetween(200, 240);
	}

	@Test
	void aMovedBlockDiffersWhereItWasAndWhereItIsAndTheDiffShowsBoth() {
		int[] before = pixels(drawn((graphics) -> block(graphics, 10, 10)));
		int[] after = pixels(drawn((graphics) -> block(graphics, 60, 50)));
		int[] diff = new int[before.length];

		assertThat(Pixelmatch.compare(before, after, 100, 100, 0.1, null, diff)).isEqualTo(200);
		assertThat(diff[15 * 100 + 15]).isEqualTo(0xFFFF0000);
		assertThat(diff[55 * 100 + 65]).isEqualTo(0xFFFF0000);
		assertThat(diff[90 * 100 + 5]).isNotEqualTo(0xFFFF0000);
	}

	@Test
	void aShapeShiftedByAFractionOfAPixelDiffersOnlyInAntiAliasingWhichIsNotCounted() {
		int[] before = pixels(drawn((graphics) -> circle(graphics, 30.0)));
		int[] after = pixels(drawn((graphics) -> circle(graphics, 30.3)));
		int naive = 0;
		for (int i = 0; i < before.length; i++) {
			naive += (before[i] != after[i]) ? 1 : 0;
		}
		int[] diff = new int[before.length];

		int counted = Pixelmatch.compare(before, after, 100, 100, 0.1, null, diff);

		assertThat(naive).as("the edges changed").isGreaterThan(20);
		assertThat(counted).as("anti-aliased edge pixels are not counted").isLessThan(naive / 4);
		long yellow = java.util.Arrays.stream(diff).filter((pixel) -> pixel == 0xFFFFFF00).count();
		assertThat(yellow).as("and are drawn yellow").isGreaterThan(0);
	}

	@Test
	void theThresholdDecidesWhetherAFaintChangeCounts() {
		int[] before = pixels(drawn((graphics) -> {
		}));
		int[] after = pixels(drawn((graphics) -> {
			graphics.setColor(new Color(250, 250, 250));
			graphics.fillRect(0, 0, 10, 10);
		}));

		assertThat(Pixelmatch.compare(before, after, 100, 100, 0.1, null, null)).isZero();
		assertThat(Pixelmatch.compare(before, after, 100, 100, 0.0, null, null)).isEqualTo(100);
	}

	@Test
	void maskedPixelsAreNotCompared() {
		int[] before = pixels(drawn((graphics) -> block(graphics, 10, 10)));
		int[] after = pixels(drawn((graphics) -> block(graphics, 60, 50)));
		boolean[] mask = new boolean[before.length];
		for (int y = 45; y < 65; y++) {
			for (int x = 55; x < 75; x++) {
				mask[y * 100 + x] = true;
			}
		}

		assertThat(Pixelmatch.compare(before, after, 100, 100, 0.1, mask, null)).isEqualTo(100);
	}

	@Test
	void colourDistanceIsTheYiqDistanceSignedByBrightness() {
		assertThat(Pixelmatch.colourDelta(0xFF000000, 0xFFFFFFFF, false)).isCloseTo(32857, within(2.0));
		assertThat(Pixelmatch.colourDelta(0xFFFFFFFF, 0xFF000000, false)).isCloseTo(-32857, within(2.0));
		assertThat(Pixelmatch.colourDelta(0x00000000, 0xFFFFFFFF, false)).as("transparent is white").isZero();
	}

	private interface Drawing {

		void draw(Graphics2D graphics);

	}

	private static BufferedImage drawn(Drawing drawing) {
		BufferedImage image = new BufferedImage(100, 100, BufferedImage.TYPE_INT_ARGB);
		Graphics2D graphics = image.createGraphics();
		graphics.setColor(Color.WHITE);
		graphics.fillRect(0, 0, 100, 100);
		drawing.draw(graphics);
		graphics.dispose();
		return image;
	}

	private static void block(Graphics2D graphics, int x, int y) {
		graphics.setColor(Color.BLACK);
		graphics.fillRect(x, y, 10, 10);
	}

	private static void circle(Graphics2D graphics, double x) {
		graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		graphics.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
		graphics.setColor(Color.BLACK);
		graphics.fill(new Ellipse2D.Double(x, 30, 40, 40));
	}

	private static int[] pixels(BufferedImage image) {
		return image.getRGB(0, 0, 100, 100, null, 0, 100);
	}

}
