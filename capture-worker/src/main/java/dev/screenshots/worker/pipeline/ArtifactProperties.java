package dev.screenshots.worker.pipeline;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of what a job keeps besides its image ({@code capture.artifacts.*}).
 *
 * @param maxBytes the most bytes of one artifact ({@code html}, {@code text},
 * {@code metadata}, {@code har}, {@code console}); a larger one is cut and marked
 * {@code ARTIFACT_TRUNCATED}
 */
@Validated
@ConfigurationProperties("capture.artifacts")
public record ArtifactProperties(@DefaultValue("10MB") @NotNull DataSize maxBytes) {

	/**
	 * The limit in bytes.
	 * @return {@link #maxBytes()} as an int, at most 1 GiB
	 */
	public int maxBytesInt() {
		return (int) Math.min(1L << 30, Math.max(1, this.maxBytes.toBytes()));
	}

}
