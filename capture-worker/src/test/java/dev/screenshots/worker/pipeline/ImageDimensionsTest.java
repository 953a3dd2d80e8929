package dev.screenshots.worker.pipeline;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import dev.screenshots.model.capture.ImageFormat;
import dev.screenshots.model.job.ErrorCode;
import dev.screenshots.worker.CaptureFailure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageDimensionsTest {

	@Test
	void readsPngSizeFromTheHeader() throws IOException {
		assertThat(ImageDimensions.of(encode("png", 321, 123), ImageFormat.PNG)).containsExactly(321, 123);
	}

	@Test
	void readsJpegSizeFromTheStartOfFrame() throws IOException {
		assertThat(ImageDimensions.of(encode("jpg", 640, 2000), ImageFormat.JPEG)).containsExactly(640, 2000);
	}

	@Test
	void bytesThatAreNotTheClaimedFormatFailTheCapture() throws IOException {
		byte[] png = encode("png", 10, 10);
		assertThatThrownBy(() -> ImageDimensions.of(png, ImageFormat.JPEG)).isInstanceOf(CaptureFailure.class)
			.extracting((ex) -> ((CaptureFailure) ex).code())
			.isEqualTo(ErrorCode.CAPTURE_FAILED);
		assertThatThrownBy(() -> ImageDimensions.of(new byte[] { 1, 2, 3 }, ImageFormat.PNG))
			.isInstanceOf(CaptureFailure.class);
	}

	private static byte[] encode(String format, int width, int height) throws IOException {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		assertThat(ImageIO.write(image, format, out)).isTrue();
		return out.toByteArray();
	}

}
