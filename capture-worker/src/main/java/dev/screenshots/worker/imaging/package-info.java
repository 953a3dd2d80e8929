/**
 * Scaling of captured images ({@code resize}, {@code thumbnail}): decoding, a Lanczos
 * resampling filter from a kept library, and encoding as PNG, JPEG or WebP.
 */
package dev.screenshots.worker.imaging;
