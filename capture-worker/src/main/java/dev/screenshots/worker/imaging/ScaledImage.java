package dev.screenshots.worker.imaging;

import dev.screenshots.model.capture.ImageFormat;

/**
 * A scaled, encoded image.
 *
 * @param bytes the encoded image
 * @param format its format
 * @param width its width in pixels
 * @param height its height in pixels
 */
public record ScaledImage(byte[] bytes, ImageFormat format, int width, int height) {

}
