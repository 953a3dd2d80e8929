package dev.screenshots.worker.pipeline;

import dev.screenshots.model.capture.ImageFormat;

/**
 * An encoded image and its pixel size, read from the encoded header.
 *
 * @param bytes the encoded image
 * @param format its format
 * @param width width in pixels, {@code null} for a PDF
 * @param height height in pixels, {@code null} for a PDF
 */
public record CapturedImage(byte[] bytes, ImageFormat format, Integer width, Integer height) {

}
