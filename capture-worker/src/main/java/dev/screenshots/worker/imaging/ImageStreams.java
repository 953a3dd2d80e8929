package dev.screenshots.worker.imaging;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;

import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * ImageIO streams over images held in memory, cached in memory. ImageIO's own choice for
 * a plain stream ({@code ImageIO.createImageInputStream}, {@code ImageIO.read} and
 * {@code ImageIO.write} with a stream) caches it in a temporary file while
 * {@code ImageIO.getUseCache()} is on, as it is by default: TwelveMonkeys' provider for
 * input streams and the JDK's for output streams each create, write and delete a file in
 * {@code java.io.tmpdir} for every image, which here would be every capture's blank-image
 * check, every scaled image and every comparison.
 */
public final class ImageStreams {

	private ImageStreams() {
	}

	/**
	 * @param image an encoded image
	 * @return a stream that reads it from memory
	 */
	public static ImageInputStream reading(byte[] image) {
		return new MemoryCacheImageInputStream(new ByteArrayInputStream(image));
	}

	/**
	 * Decodes an image, as {@code ImageIO.read} does, from memory.
	 * @param image an encoded image
	 * @return the image, or {@code null} when no reader takes it
	 * @throws IOException when it cannot be decoded
	 */
	public static BufferedImage read(byte[] image) throws IOException {
		ImageInputStream input = reading(image);
		BufferedImage decoded = ImageIO.read(input);
		if (decoded == null) {
			// ImageIO.read closes the stream only when a reader took it
			input.close();
		}
		return decoded;
	}

	/**
	 * @param out where the encoded image goes, once the stream is closed
	 * @return a stream that buffers in memory
	 */
	public static ImageOutputStream writing(OutputStream out) {
		return new MemoryCacheImageOutputStream(out);
	}

}
