package dev.screenshots.worker.pipeline;

import dev.screenshots.model.capture.ImageFormat;
import dev.screenshots.model.job.ErrorCode;
import dev.screenshots.worker.CaptureFailure;

/**
 * Reads the pixel size from an encoded image's header, without decoding the pixels, and
 * checks that the bytes are what the format says.
 */
final class ImageDimensions {

	private ImageDimensions() {
	}

	/**
	 * Returns the width and height of an encoded image.
	 * @param bytes the image
	 * @param format its format
	 * @return {@code {width, height}}, or {@code null} for a PDF (checked to start with
	 * {@code %PDF})
	 * @throws CaptureFailure {@code CAPTURE_FAILED} if the bytes are not what the format
	 * says
	 */
	static int[] of(byte[] bytes, ImageFormat format) {
		if (format == ImageFormat.PDF) {
			if (bytes.length < 5 || bytes[0] != '%' || bytes[1] != 'P' || bytes[2] != 'D' || bytes[3] != 'F') {
				throw new CaptureFailure(ErrorCode.CAPTURE_FAILED, "The browser returned an unreadable pdf");
			}
			return null;
		}
		int[] size = switch (format) {
			case PNG -> png(bytes);
			case JPEG -> jpeg(bytes);
			case WEBP -> webp(bytes);
			case PDF -> null;
		};
		if (size == null || size[0] <= 0 || size[1] <= 0) {
			throw new CaptureFailure(ErrorCode.CAPTURE_FAILED, "The browser returned an unreadable " + format.value());
		}
		return size;
	}

	private static int[] png(byte[] b) {
		// 8-byte signature, then the IHDR chunk: length (4), "IHDR" (4), width (4),
		// height (4)
		if (b.length < 24 || (b[0] & 0xFF) != 0x89 || b[1] != 'P' || b[2] != 'N' || b[3] != 'G' || b[12] != 'I'
				|| b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
			return null;
		}
		return new int[] { int32(b, 16), int32(b, 20) };
	}

	private static int[] jpeg(byte[] b) {
		if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
			return null;
		}
		int i = 2;
		while (i + 9 < b.length) {
			if ((b[i] & 0xFF) != 0xFF) {
				return null;
			}
			int marker = b[i + 1] & 0xFF;
			if (marker == 0xFF) {
				i++;
				continue;
			}
			int length = int16(b, i + 2);
			boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8
					&& marker != 0xCC;
			if (startOfFrame) {
				return new int[] { int16(b, i + 7), int16(b, i + 5) };
			}
			i += 2 + length;
		}
		return null;
	}

	private static int[] webp(byte[] b) {
		// RIFF....WEBP, then a VP8 (lossy), VP8L (lossless) or VP8X (extended) chunk
		if (b.length < 30 || b[0] != 'R' || b[1] != 'I' || b[2] != 'F' || b[3] != 'F' || b[8] != 'W' || b[9] != 'E'
				|| b[10] != 'B' || b[11] != 'P' || b[12] != 'V' || b[13] != 'P' || b[14] != '8') {
			return null;
		}
		return switch (b[15]) {
			case ' ' -> new int[] { ((b[27] & 0x3F) << 8) | (b[26] & 0xFF), ((b[29] & 0x3F) << 8) | (b[28] & 0xFF) };
			case 'L' -> new int[] { 1 + (((b[22] & 0x3F) << 8) | (b[21] & 0xFF)),
					1 + (((b[24] & 0x0F) << 10) | ((b[23] & 0xFF) << 2) | ((b[22] & 0xC0) >> 6)) };
			case 'X' -> new int[] { 1 + ((b[24] & 0xFF) | ((b[25] & 0xFF) << 8) | ((b[26] & 0xFF) << 16)),
					1 + ((b[27] & 0xFF) | ((b[28] & 0xFF) << 8) | ((b[29] & 0xFF) << 16)) };
			default -> null;
		};
	}

	private static int int32(byte[] b, int at) {
		return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
	}

	private static int int16(byte[] b, int at) {
		return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
	}

}
