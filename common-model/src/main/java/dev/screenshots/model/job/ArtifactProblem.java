package dev.screenshots.model.job;

/**
 * Stable codes of why an artifact in {@code result.artifacts} is not complete. The job
 * still completes with its image; clients may switch on the name, which never changes
 * once published.
 */
public enum ArtifactProblem {

	/**
	 * The artifact was larger than {@code capture.artifacts.max-bytes}: what fits is
	 * stored (text and HTML cut at the limit; a HAR or console log keeps its first
	 * entries and stays valid JSON) and the artifact is marked truncated.
	 */
	ARTIFACT_TRUNCATED("The artifact was larger than the limit and was cut."),
	/** Not even the start of the artifact fits the limit; nothing is stored. */
	ARTIFACT_TOO_LARGE("The artifact was larger than the limit and was not stored."),
	/**
	 * The artifact could not be made (the page could not be read any more, or the image
	 * could not be decoded); nothing is stored.
	 */
	ARTIFACT_FAILED("The artifact could not be made.");

	private final String description;

	ArtifactProblem(String description) {
		this.description = description;
	}

	/**
	 * A short, safe description for clients.
	 * @return the description
	 */
	public String description() {
		return this.description;
	}

}
