package dev.screenshots.worker.imaging;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import dev.screenshots.model.capture.Fit;
import dev.screenshots.model.capture.ImageFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The fits' geometry and the filter, on images made here: a 400 × 200 picture whose top
 * 20 rows are green, then red on the left half and blue on the right.
 */
class ImageScalerTest {

	@Test
	void oneSideGivenKeepsTheProportions() throws IOException {
		ScaledImage scaled = ImageScaler.scale(picture(), ImageFormat.PNG, 100, null, Fit.COVER, ImageFormat.PNG, 80);

		assertThat(scaled.width()).isEqualTo(100);
		assertThat(scaled.height()).isEqualTo(50);
		BufferedImage image = decode(scaled);
		assertThat(rgb(image, 20, 30)).isEqualTo(0xFF0000);
		assertThat(rgb(image, 80, 30)).isEqualTo(0x0000FF);
	}

	@Test
	void coverFillsTheBoxCuttingTheSidesEquallyAndTheBottomOnly() throws IOException {
		// a square from a 2:1 picture: the middle half across, the whole height
		BufferedImage square = decode(
				ImageScaler.scale(picture(), ImageFormat.PNG, 100, 100, Fit.COVER, ImageFormat.PNG, 80));
		assertThat(square.getWidth()).isEqualTo(100);
		assertThat(square.getHeight()).isEqualTo(100);
		assertThat(rgb(square, 20, 60)).isEqualTo(0xFF0000);
		assertThat(rgb(square, 80, 60)).isEqualTo(0x0000FF);

		// a wide strip: the top of the picture, with its green band
		BufferedImage strip = decode(
				ImageScaler.scale(picture(), ImageFormat.PNG, 400, 40, Fit.COVER, ImageFormat.PNG, 80));
		assertThat(strip.getHeight()).isEqualTo(40);
		assertThat(rgb(strip, 200, 5)).isEqualTo(0x00FF00);
		assertThat(rgb(strip, 20, 35)).isEqualTo(0xFF0000);
	}

	@Test
	void containPadsTransparentOrWhiteAndInsideDoesNotPad() throws IOException {
		BufferedImage png = decode(
				ImageScaler.scale(picture(), ImageFormat.PNG, 100, 100, Fit.CONTAIN, ImageFormat.PNG, 80));
		assertThat(png.getWidth()).isEqualTo(100);
		assertThat(png.getHeight()).isEqualTo(100);
		assertThat(png.getRGB(50, 10) >>> 24).isZero();
		assertThat(rgb(png, 20, 60)).isEqualTo(0xFF0000);

		BufferedImage jpeg = decode(
				ImageScaler.scale(picture(), ImageFormat.PNG, 100, 100, Fit.CONTAIN, ImageFormat.JPEG, 95));
		assertThat(rgb(jpeg, 50, 5) & 0xF0F0F0).isEqualTo(0xF0F0F0);

		ScaledImage inside = ImageScaler.scale(picture(), ImageFormat.PNG, 100, 100, Fit.INSIDE, ImageFormat.PNG, 80);
		assertThat(inside.width()).isEqualTo(100);
		assertThat(inside.height()).isEqualTo(50);
	}

	@Test
	void theFilterAveragesDetailThatNearestNeighbourWouldPick() throws IOException {
		BufferedImage stripes = new BufferedImage(200, 20, BufferedImage.TYPE_INT_RGB);
		for (int x = 0; x < 200; x++) {
			for (int y = 0; y < 20; y++) {
				stripes.setRGB(x, y, (x % 2 == 0) ? 0x000000 : 0xFFFFFF);
			}
		}
		BufferedImage half = decode(
				ImageScaler.scale(encode(stripes), ImageFormat.PNG, 100, null, Fit.COVER, ImageFormat.PNG, 80));
		for (int x = 10; x < 90; x++) {
			assertThat(rgb(half, x, 5) & 0xFF).as("pixel %d", x).isBetween(96, 160);
		}
	}

	@Test
	void webpAndJpegAreEncodedInTheirFormat() throws IOException {
		ScaledImage webp = ImageScaler.scale(picture(), ImageFormat.PNG, 50, null, Fit.COVER, ImageFormat.WEBP, 80);
		assertThat(webp.bytes()).startsWith('R', 'I', 'F', 'F');
		assertThat(decode(webp).getWidth()).isEqualTo(50);
		ScaledImage jpeg = ImageScaler.scale(picture(), ImageFormat.PNG, 50, null, Fit.COVER, ImageFormat.JPEG, 80);
		assertThat(jpeg.bytes()).startsWith(0xFF, 0xD8);
	}

	@Test
	void aResultOverThePixelBudgetIsRefusedBeforeItIsMade() {
		// one side given: the other follows, 100000 × 50000 pixels
		assertThatExceptionOfType(ImageScaler.TooLargeException.class)
			.isThrownBy(
					() -> ImageScaler.scale(picture(), ImageFormat.PNG, 100_000, null, Fit.COVER, ImageFormat.PNG, 80))
			.withMessageContaining("megapixels");
		assertThatExceptionOfType(ImageScaler.TooLargeException.class).isThrownBy(
				() -> ImageScaler.scale(picture(), ImageFormat.PNG, 8192, 8192, Fit.CONTAIN, ImageFormat.PNG, 80));
	}

	@Test
	void somethingThatIsNoImageIsAnError() {
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> ImageScaler.scale(new byte[] { 1, 2, 3 },
				ImageFormat.PNG, 10, null, Fit.COVER, ImageFormat.PNG, 80));
	}

	private static byte[] picture() throws IOException {
		BufferedImage image = new BufferedImage(400, 200, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = image.createGraphics();
		graphics.setColor(Color.RED);
		graphics.fillRect(0, 0, 200, 200);
		graphics.setColor(Color.BLUE);
		graphics.fillRect(200, 0, 200, 200);
		graphics.setColor(Color.GREEN);
		graphics.fillRect(0, 0, 400, 20);
		graphics.dispose();
		return encode(image);
	}

	private static byte[] encode(BufferedImage image) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "png", out);
		return out.toByteArray();
	}

	private static BufferedImage decode(ScaledImage scaled) throws IOException {
		return ImageIO.read(new ByteArrayInputStream(scaled.bytes()));
	}

	private static int rgb(BufferedImage image, int x, int y) {
		return image.getRGB(x, y) & 0xFFFFFF;
	}

}
