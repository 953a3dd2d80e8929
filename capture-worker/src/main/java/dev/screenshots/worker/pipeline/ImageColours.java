package dev.screenshots.worker.pipeline;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadUpdateListener;
import javax.imageio.stream.ImageInputStream;

import dev.screenshots.model.capture.ImageFormat;
import dev.screenshots.worker.imaging.ImageStreams;

/**
 * Whether an encoded image is one colour ({@code BLANK_IMAGE}). The pixels are decoded
 * with ImageIO (WebP through TwelveMonkeys' reader), every fourth pixel of every fourth
 * row: a blank picture is blank everywhere, and a page with content has more than a few
 * pixels of it. Rows are checked as the reader delivers them, and the read stops at the
 * first row with another colour, so a page with content near its top (most pages) is
 * decided without decoding a tall full-page image (80 ms of the worker's CPU for the
 * benchmark's 12,000 px page). Runs off the browser slot.
 */
final class ImageColours {

	/** How far a channel may stray and still count as the same colour (JPEG noise). */
	private static final int TOLERANCE = 3;

	private static final int STEP = 4;

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
		StopAtSecondColour rows = new StopAtSecondColour();
		BufferedImage image = decode(bytes, rows);
		// checked whole as well: a reader need not report the rows it decodes
		return image != null && !rows.found && uniform(image, image.getRGB(0, 0));
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

	/** The image, subsampled; {@code null} when it cannot be decoded. */
	private static BufferedImage decode(byte[] bytes, IIOReadUpdateListener listener) {
		try (ImageInputStream input = ImageStreams.reading(bytes)) {
			Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
			if (!readers.hasNext()) {
				return null;
			}
			ImageReader reader = readers.next();
			try {
				reader.setInput(input, true, true);
				ImageReadParam param = reader.getDefaultReadParam();
				param.setSourceSubsampling(STEP, STEP, 0, 0);
				reader.addIIOReadUpdateListener(listener);
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

	private static boolean close(int one, int other) {
		for (int shift = 0; shift <= 24; shift += 8) {
			if (Math.abs(((one >> shift) & 0xFF) - ((other >> shift) & 0xFF)) > TOLERANCE) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Checks each row the reader delivers against the first pixel and aborts the read at
	 * the first that differs (the reader returns what it has).
	 */
	private static final class StopAtSecondColour implements IIOReadUpdateListener {

		private boolean found;

		@Override
		public void imageUpdate(ImageReader source, BufferedImage image, int minX, int minY, int width, int height,
				int periodX, int periodY, int[] bands) {
			if (this.found) {
				return;
			}
			// only the pixels this update wrote (an interlaced pass writes every n-th)
			int colour = image.getRGB(0, 0);
			for (int y = minY; y < minY + height && y < image.getHeight(); y += Math.max(1, periodY)) {
				for (int x = minX; x < minX + width && x < image.getWidth(); x += Math.max(1, periodX)) {
					if (!close(colour, image.getRGB(x, y))) {
						this.found = true;
						source.abort();
						return;
					}
				}
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

}
