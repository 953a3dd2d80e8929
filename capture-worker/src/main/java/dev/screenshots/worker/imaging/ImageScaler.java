package dev.screenshots.worker.imaging;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import com.twelvemonkeys.image.ResampleOp;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

import dev.screenshots.model.capture.Fit;
import dev.screenshots.model.capture.ImageFormat;

/**
 * Scales an encoded image into a box ({@code resize}, {@code thumbnail}): decodes it (a
 * PDF's first page is rendered with PDFBox), cuts or pads it as the {@link Fit} says,
 * resamples it with a Lanczos filter (TwelveMonkeys' {@code ResampleOp}: sharp, without
 * the aliasing of nearest-neighbour or the blur of repeated bilinear halving) and encodes
 * it again (WebP through libwebp's ImageIO writer).
 */
public final class ImageScaler {

	/** How far past the box a PDF page is rendered before it is resampled down. */
	private static final double PDF_OVERSAMPLING = 2;

	/**
	 * The most pixels a scaled image (and a rendered PDF page) may have: 4 bytes each,
	 * 100 MB.
	 */
	public static final long MAX_PIXELS = 25_000_000;

	private ImageScaler() {
	}

	/**
	 * Scales an image into a box.
	 * @param encoded the image
	 * @param sourceFormat its format ({@code pdf}: the first page)
	 * @param width the box's width, or {@code null} to follow the proportions
	 * @param height the box's height, or {@code null} to follow the proportions
	 * @param fit how the image fills the box
	 * @param format the format to encode in ({@code png}, {@code jpeg} or {@code webp})
	 * @param quality the JPEG/WebP quality, 1–100
	 * @return the scaled image
	 * @throws TooLargeException when the result would have more than {@link #MAX_PIXELS}
	 * @throws IOException when the image cannot be decoded or encoded
	 */
	public static ScaledImage scale(byte[] encoded, ImageFormat sourceFormat, Integer width, Integer height, Fit fit,
			ImageFormat format, int quality) throws IOException {
		BufferedImage source = decode(encoded, sourceFormat, width, height);
		BufferedImage scaled = fit(source, width, height, fit, format == ImageFormat.JPEG);
		byte[] bytes = encode(scaled, format, quality);
		return new ScaledImage(bytes, format, scaled.getWidth(), scaled.getHeight());
	}

	private static BufferedImage decode(byte[] encoded, ImageFormat format, Integer width, Integer height)
			throws IOException {
		if (format == ImageFormat.PDF) {
			try (PDDocument document = Loader.loadPDF(encoded)) {
				if (document.getNumberOfPages() == 0) {
					throw new IOException("The PDF has no pages");
				}
				PDRectangle page = document.getPage(0).getCropBox();
				double wanted = Math.max((width != null) ? width / page.getWidth() : 0,
						(height != null) ? height / page.getHeight() : 0);
				// enough pixels for the box, and never more than the budget
				double budget = Math.sqrt(MAX_PIXELS / Math.max(1.0, (double) page.getWidth() * page.getHeight()));
				float scale = (float) Math.min(budget, Math.min(8, wanted * PDF_OVERSAMPLING));
				return new PDFRenderer(document).renderImage(0, scale, ImageType.RGB);
			}
		}
		BufferedImage image = ImageStreams.read(encoded);
		if (image == null) {
			throw new IOException("No ImageIO reader for the " + format.value() + " image");
		}
		return image;
	}

	/**
	 * Cuts the part of the source the box shows ({@code cover}), resamples it to the box,
	 * and pads it to the box ({@code contain}).
	 */
	static BufferedImage fit(BufferedImage source, Integer width, Integer height, Fit fit, boolean opaque)
			throws TooLargeException {
		int sourceWidth = source.getWidth();
		int sourceHeight = source.getHeight();
		BufferedImage image = normalised(source, opaque);
		if (width == null || height == null) {
			long targetWidth = (width != null) ? width
					: Math.max(1, Math.round((double) sourceWidth * height / sourceHeight));
			long targetHeight = (height != null) ? height
					: Math.max(1, Math.round((double) sourceHeight * width / sourceWidth));
			checkSize(targetWidth, targetHeight);
			return resample(image, (int) targetWidth, (int) targetHeight);
		}
		checkSize(width, height);
		double scaleX = (double) width / sourceWidth;
		double scaleY = (double) height / sourceHeight;
		return switch (fit) {
			case COVER -> {
				double scale = Math.max(scaleX, scaleY);
				// the source rectangle that fills the box: centred across, from the top
				// down
				int cutWidth = (int) Math.min(sourceWidth, Math.max(1, Math.round(width / scale)));
				int cutHeight = (int) Math.min(sourceHeight, Math.max(1, Math.round(height / scale)));
				Rectangle cut = new Rectangle((sourceWidth - cutWidth) / 2, 0, cutWidth, cutHeight);
				yield resample(image.getSubimage(cut.x, cut.y, cut.width, cut.height), width, height);
			}
			case INSIDE -> {
				double scale = Math.min(scaleX, scaleY);
				yield resample(image, (int) Math.max(1, Math.round(sourceWidth * scale)),
						(int) Math.max(1, Math.round(sourceHeight * scale)));
			}
			case CONTAIN -> {
				double scale = Math.min(scaleX, scaleY);
				BufferedImage inner = resample(image, (int) Math.max(1, Math.round(sourceWidth * scale)),
						(int) Math.max(1, Math.round(sourceHeight * scale)));
				BufferedImage box = new BufferedImage(width, height,
						opaque ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB);
				Graphics2D graphics = box.createGraphics();
				try {
					if (opaque) {
						graphics.setColor(Color.WHITE);
						graphics.fillRect(0, 0, width, height);
					}
					graphics.drawImage(inner, (width - inner.getWidth()) / 2, (height - inner.getHeight()) / 2, null);
				}
				finally {
					graphics.dispose();
				}
				yield box;
			}
		};
	}

	private static void checkSize(long width, long height) throws TooLargeException {
		if (width * height > MAX_PIXELS || width > 65_535 || height > 65_535) {
			throw new TooLargeException("the scaled image would be " + width + " × " + height + " pixels, over "
					+ MAX_PIXELS / 1_000_000 + " megapixels");
		}
	}

	/**
	 * A scaled image that would be too large to make.
	 */
	public static final class TooLargeException extends IOException {

		TooLargeException(String message) {
			super(message);
		}

	}

	private static BufferedImage resample(BufferedImage image, int width, int height) {
		if (image.getWidth() == width && image.getHeight() == height) {
			return image;
		}
		return new ResampleOp(width, height, ResampleOp.FILTER_LANCZOS).filter(image, null);
	}

	/**
	 * The image as 8-bit RGB or ARGB in one int per pixel (what the filter and the
	 * encoders handle alike); an opaque target is flattened onto white.
	 */
	private static BufferedImage normalised(BufferedImage source, boolean opaque) {
		boolean alpha = source.getColorModel().hasAlpha() && !opaque;
		int type = alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
		if (source.getType() == type) {
			return source;
		}
		BufferedImage copy = new BufferedImage(source.getWidth(), source.getHeight(), type);
		Graphics2D graphics = copy.createGraphics();
		try {
			if (!alpha) {
				graphics.setColor(Color.WHITE);
				graphics.fillRect(0, 0, source.getWidth(), source.getHeight());
			}
			graphics.drawImage(source, 0, 0, null);
		}
		finally {
			graphics.dispose();
		}
		return copy;
	}

	private static byte[] encode(BufferedImage image, ImageFormat format, int quality) throws IOException {
		String name = switch (format) {
			case PNG -> "png";
			case JPEG -> "jpeg";
			case WEBP -> "webp";
			case PDF -> throw new IllegalArgumentException("A scaled image cannot be a PDF");
		};
		Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(name);
		if (!writers.hasNext()) {
			throw new IOException("No ImageIO writer for " + name);
		}
		ImageWriter writer = writers.next();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ImageOutputStream stream = ImageStreams.writing(out)) {
			writer.setOutput(stream);
			ImageWriteParam param = writer.getDefaultWriteParam();
			if (format.lossy() && param.canWriteCompressed()) {
				param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
				if (format == ImageFormat.WEBP) {
					param.setCompressionType("Lossy");
				}
				param.setCompressionQuality(quality / 100f);
			}
			writer.write(null, new IIOImage(image, null, null), param);
		}
		finally {
			writer.dispose();
		}
		return out.toByteArray();
	}

}
