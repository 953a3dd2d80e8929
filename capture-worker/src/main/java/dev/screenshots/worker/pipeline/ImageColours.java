package dev.screenshots.worker.pipeline;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadUpdateListener;
import javax.imageio.stream.ImageInputStream;

import dev.screenshots.model.capture.ImageFormat;

/**
 * Whether an encoded image is one colour ({@code BLANK_IMAGE}). The pixels are decoded
 * with ImageIO (WebP through TwelveMonkeys' reader), every fourth pixel of every fourth
 * row: a blank picture is blank everywhere, and a page with content has more than a few
 * pixels of it. The top band is read first, so a page with content near its top (most
 * pages) is decided without decoding a tall full-page image. Runs off the browser slot.
 */
final class ImageColours {

	/** How far a channel may stray and still count as the same colour (JPEG noise). */
	private static final int TOLERANCE = 3;

	private static final int STEP = 4;

	/** The rows read first. */
	private static final int BAND = 256;

	private ImageColours() {
	}

	/**
	 * Whether every sampled pixel has the first pixel's colour.
	 * @param bytes the encoded image
	 * @param format its format
	 * @return {@code true} for a single-colour image; {@code false} for any other, for a
	 * PDF, and for bytes that cannot be decoded
	 */
	static boolean singleColour(byte[] bytes, ImageFormat format) {
		if (format == ImageFormat.PDF) {
			return false;
		}
		BufferedImage top = decode(bytes, BAND);
		if (top == null || !uniform(top, top.getRGB(0, 0))) {
			return false;
		}
		BufferedImage whole = decode(bytes, Integer.MAX_VALUE);
		return whole != null && uniform(whole, top.getRGB(0, 0));
	}

	private static boolean uniform(BufferedImage image, int colour) {
		for (int y = 0; y < image.getHeight(); y++) {
			for (int x = 0; x < image.getWidth(); x++) {
				if (!close(colour, image.getRGB(x, y))) {
					return false;
				}
			}
		}
		return true;
	}

	/** The image's first {@code rows} rows (all of it when it has fewer), subsampled. */
	private static BufferedImage decode(byte[] bytes, int rows) {
		try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
			Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
			if (!readers.hasNext()) {
				return null;
			}
			ImageReader reader = readers.next();
			try {
				reader.setInput(input, true, true);
				ImageReadParam param = reader.getDefaultReadParam();
				param.setSourceSubsampling(STEP, STEP, 0, 0);
				int height = reader.getHeight(0);
				if (rows < height) {
					param.setSourceRegion(new Rectangle(0, 0, reader.getWidth(0), rows));
					// ImageIO's PNG reader goes on decoding every row below the region
					// (a tall full-page image cost 80 ms); it stops at an abort
					reader.addIIOReadUpdateListener(new StopAfterLastRow());
				}
				return reader.read(0, param);
			}
			finally {
				reader.dispose();
			}
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	/** Aborts the read once the destination's last row is written; the image is kept. */
	private static final class StopAfterLastRow implements IIOReadUpdateListener {

		@Override
		public void imageUpdate(ImageReader source, BufferedImage image, int minX, int minY, int width, int height,
				int periodX, int periodY, int[] bands) {
			if (minY + height >= image.getHeight()) {
				source.abort();
			}
		}

		@Override
		public void passStarted(ImageReader source, BufferedImage image, int pass, int minPass, int maxPass, int minX,
				int minY, int periodX, int periodY, int[] bands) {
		}

		@Override
		public void passComplete(ImageReader source, BufferedImage image) {
		}

		@Override
		public void thumbnailPassStarted(ImageReader source, BufferedImage thumbnail, int pass, int minPass,
				int maxPass, int minX, int minY, int periodX, int periodY, int[] bands) {
		}

		@Override
		public void thumbnailUpdate(ImageReader source, BufferedImage thumbnail, int minX, int minY, int width,
				int height, int periodX, int periodY, int[] bands) {
		}

		@Override
		public void thumbnailPassComplete(ImageReader source, BufferedImage thumbnail) {
		}

	}

	private static boolean close(int one, int other) {
		for (int shift = 0; shift <= 24; shift += 8) {
			if (Math.abs(((one >> shift) & 0xFF) - ((other >> shift) & 0xFF)) > TOLERANCE) {
				return false;
			}
		}
		return true;
	}

}
