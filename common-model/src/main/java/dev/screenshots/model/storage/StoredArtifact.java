package dev.screenshots.model.storage;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import dev.screenshots.model.job.ArtifactProblem;

/**
 * One artifact of a completed job as the worker records it (in the job's
 * {@code result_artifacts}) and the API lists it: stored next to the image in the same
 * bucket, or absent with the reason.
 *
 * @param name {@code html}, {@code text}, {@code metadata}, {@code har}, {@code console}
 * or {@code thumbnail}
 * @param key the object key, {@code null} when absent
 * @param contentType the media type
 * @param bytes the stored size, {@code null} when absent
 * @param sha256 hex SHA-256 of the stored bytes, {@code null} when absent
 * @param width a thumbnail's width in pixels, else {@code null}
 * @param height a thumbnail's height in pixels, else {@code null}
 * @param truncated whether what is stored was cut to the limit
 * @param problem why the artifact is cut or absent, {@code null} when complete
 * @param message what happened, {@code null} when complete
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StoredArtifact(String name, String key, String contentType, Long bytes, String sha256, Integer width,
		Integer height, boolean truncated, ArtifactProblem problem, String message) {

	/**
	 * Whether an object was stored.
	 * @return {@code false} when the artifact is absent
	 */
	@JsonIgnore
	public boolean stored() {
		return this.key != null;
	}

	/**
	 * What clients are shown of it.
	 * @return {@code stored}, {@code truncated} (stored, cut to the limit) or
	 * {@code absent}
	 */
	@JsonIgnore
	public String status() {
		return !stored() ? "absent" : (this.truncated ? "truncated" : "stored");
	}

}
