package dev.screenshots.worker.browser;

import java.nio.charset.StandardCharsets;

import dev.screenshots.model.capture.ArtifactKind;
import dev.screenshots.model.job.ArtifactProblem;

/**
 * What the page gave for one artifact: its bytes, or why there are none, and whether they
 * were cut to the size limit.
 *
 * @param kind the artifact
 * @param content the bytes, {@code null} when absent
 * @param problem why it is cut or absent, {@code null} when complete
 * @param message what happened, {@code null} when complete
 */
public record PageArtifact(ArtifactKind kind, byte[] content, ArtifactProblem problem, String message) {

	/**
	 * A text artifact, cut at the limit (at a character boundary) when longer.
	 * @param kind the artifact
	 * @param text the text
	 * @param maxBytes the most bytes stored
	 * @return the artifact, {@link ArtifactProblem#ARTIFACT_TRUNCATED} when cut
	 */
	static PageArtifact text(ArtifactKind kind, String text, int maxBytes) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		if (bytes.length <= maxBytes) {
			return new PageArtifact(kind, bytes, null, null);
		}
		int end = maxBytes;
		// back to the first byte of a UTF-8 sequence: continuation bytes are 10xxxxxx
		while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
			end--;
		}
		byte[] cut = java.util.Arrays.copyOf(bytes, end);
		return new PageArtifact(kind, cut, ArtifactProblem.ARTIFACT_TRUNCATED,
				"The " + kind.value() + " was " + bytes.length + " bytes; the first " + end + " are stored");
	}

	/**
	 * A JSON artifact, whole or absent: cut JSON would not parse.
	 * @param kind the artifact
	 * @param json the document
	 * @param maxBytes the most bytes stored
	 * @return the artifact, {@link ArtifactProblem#ARTIFACT_TOO_LARGE} when over the
	 * limit
	 */
	static PageArtifact json(ArtifactKind kind, String json, int maxBytes) {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		if (bytes.length <= maxBytes) {
			return new PageArtifact(kind, bytes, null, null);
		}
		return absent(kind, ArtifactProblem.ARTIFACT_TOO_LARGE,
				"The " + kind.value() + " is " + bytes.length + " bytes, over the limit of " + maxBytes);
	}

	/**
	 * An artifact that could not be made.
	 * @param kind the artifact
	 * @param problem why
	 * @param message what happened
	 * @return the absent artifact
	 */
	static PageArtifact absent(ArtifactKind kind, ArtifactProblem problem, String message) {
		return new PageArtifact(kind, null, problem, message);
	}

	/**
	 * Whether it has bytes to store.
	 * @return {@code false} when absent
	 */
	public boolean present() {
		return this.content != null;
	}

}
