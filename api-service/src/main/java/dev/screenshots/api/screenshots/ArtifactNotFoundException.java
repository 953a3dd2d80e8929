package dev.screenshots.api.screenshots;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

import dev.screenshots.api.system.ApiProblemException;
import dev.screenshots.model.job.ArtifactProblem;

/**
 * A completed job has no stored artifact of the name asked for: it was not asked for, or
 * it is absent (over the limit or not made) with the reason.
 */
public class ArtifactNotFoundException extends ApiProblemException {

	private final List<String> available;

	private final ArtifactProblem problem;

	/**
	 * @param name the artifact asked for
	 * @param available the names of the job's stored artifacts
	 * @param problem why the artifact is absent, or {@code null} when the job has none of
	 * that name
	 * @param message what happened, or {@code null}
	 */
	public ArtifactNotFoundException(String name, List<String> available, ArtifactProblem problem, String message) {
		super(HttpStatus.NOT_FOUND, "ARTIFACT_NOT_FOUND", "Artifact not found",
				(problem != null) ? "The job's " + name + " artifact was not stored: " + message
						: "The job has no artifact '" + name + "'; it has "
								+ (available.isEmpty() ? "none" : String.join(", ", available)));
		this.available = List.copyOf(available);
		this.problem = problem;
	}

	@Override
	public Map<String, Object> properties() {
		return (this.problem != null) ? Map.of("available", this.available, "reason", this.problem.name())
				: Map.of("available", this.available);
	}

}
