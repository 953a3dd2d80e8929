package dev.screenshots.worker.pipeline;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import dev.screenshots.model.capture.ImageFormat;

import static org.assertj.core.api.Assertions.assertThat;

class ImageColoursTest {

	@Test
	void aSingleColourImageIsBlankInPngAndJpeg() throws IOException {
		BufferedImage grey = image(300, 2000, new Color(240, 240, 240));
		assertThat(ImageColours.singleColour(encode(grey, "png"), ImageFormat.PNG)).isTrue();
		assertThat(ImageColours.singleColour(encode(grey, "jpeg"), ImageFormat.JPEG)).isTrue();
	}

	@Test
	void contentAnywhereIsNotBlankNearTheTopOrFarBelowTheFirstBand() throws IOException {
		BufferedImage top = image(300, 2000, Color.WHITE);
		draw(top, 10, 10);
		BufferedImage bottom = image(300, 2000, Color.WHITE);
		draw(bottom, 150, 1900);

		assertThat(ImageColours.singleColour(encode(top, "png"), ImageFormat.PNG)).isFalse();
		assertThat(ImageColours.singleColour(encode(bottom, "png"), ImageFormat.PNG)).isFalse();
	}

	@Test
	void pdfAndUnreadableBytesAreNeverBlank() {
		assertThat(ImageColours.singleColour("%PDF-1.7".getBytes(), ImageFormat.PDF)).isFalse();
		assertThat(ImageColours.singleColour(new byte[] { 1, 2, 3 }, ImageFormat.PNG)).isFalse();
	}

	private static BufferedImage image(int width, int height, Color colour) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = image.createGraphics();
		graphics.setColor(colour);
		graphics.fillRect(0, 0, width, height);
		graphics.dispose();
		return image;
	}

	/** A 12 × 12 black square: larger than the 4-pixel sampling step. */
	private static void draw(BufferedImage image, int x, int y) {
		Graphics2D graphics = image.createGraphics();
		graphics.setColor(Color.BLACK);
		graphics.fillRect(x, y, 12, 12);
		graphics.dispose();
	}

	private static byte[] encode(BufferedImage image, String format) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, format, out);
		return out.toByteArray();
	}

}
