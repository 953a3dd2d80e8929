package dev.screenshots.worker.pipeline;

import dev.screenshots.model.capture.ImageFormat;

/**
 * An encoded image and its pixel size, read from the encoded header.
 *
 * @param bytes the encoded image
 * @param format its format
 * @param width width in pixels
 * @param height height in pixels
 */
public record CapturedImage(byte[] bytes, ImageFormat format, int width, int height) {

}
