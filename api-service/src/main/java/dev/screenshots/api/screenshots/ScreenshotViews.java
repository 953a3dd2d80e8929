package dev.screenshots.api.screenshots;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.screenshots.api.jobs.ScreenshotJob;
import dev.screenshots.model.capture.Compare;
import dev.screenshots.model.capture.SourceType;
import dev.screenshots.model.capture.Webhook;
import dev.screenshots.model.job.JobStatus;
import dev.screenshots.model.storage.StoredArtifact;

/**
 * Builds the JSON view of a job that submits, reads and batches answer with.
 */
@Component
class ScreenshotViews {

	private final ScreenshotImages images;

	private final JsonMapper json;

	ScreenshotViews(ScreenshotImages images, JsonMapper json) {
		this.images = images;
		this.json = json;
	}

	private ScreenshotView.Artifact artifact(StoredArtifact artifact, ScreenshotJob.Result result, String self,
			boolean present) {
		boolean served = artifact.stored() && present;
		return new ScreenshotView.Artifact(artifact.name(), artifact.status(), artifact.contentType(), artifact.bytes(),
				artifact.sha256(), artifact.width(), artifact.height(),
				served ? self + "/artifacts/" + artifact.name() : null,
				served ? this.images.downloadUrl(result.bucket(), artifact.key()) : null, (artifact.problem() != null)
						? new ScreenshotView.LastError(artifact.problem().name(), artifact.message()) : null);
	}

	/**
	 * The job as the API shows it, with links relative to the current request's host.
	 * @param job the job
	 * @return the view
	 */
	ScreenshotView view(ScreenshotService.Job job) {
		ScreenshotJob row = job.row();
		String self = ServletUriComponentsBuilder.fromCurrentContextPath()
			.path("/screenshots/{id}")
			.buildAndExpand(row.id())
			.toUriString();
		Map<String, String> links = new LinkedHashMap<>();
		links.put("self", self);
		links.put("image", self + "/image");
		ScreenshotJob.Result stored = row.result();
		boolean completed = row.status() == JobStatus.COMPLETED;
		boolean present = completed && row.expiredAt() == null;
		List<ScreenshotView.Artifact> artifacts = completed
				? stored.artifacts().stream().map((artifact) -> artifact(artifact, stored, self, present)).toList()
				: List.of();
		if (present && stored.artifact("thumbnail").filter(StoredArtifact::stored).isPresent()) {
			links.put("thumbnail", self + "/artifacts/thumbnail");
		}
		ScreenshotView.Result result = completed ? new ScreenshotView.Result(stored.contentType(), stored.bytes(),
				stored.width(), stored.height(), stored.sha256(), stored.key(),
				present ? this.images.downloadUrl(stored.bucket(), stored.key()) : null, stored.finalUrl(),
				stored.httpStatus(), stored.blockedRequests(), stored.blockedRequestsByReason(), stored.title(),
				stored.consoleErrors(), stored.warnings(), stored.cachedFrom(), artifacts.isEmpty() ? null : artifacts,
				comparison(stored, self, present)) : null;
		ScreenshotView.Error error = (row.error() != null)
				? new ScreenshotView.Error(row.error().code(), row.error().message(), row.error().step()) : null;
		ScreenshotView.LastError lastError = (row.lastError() != null)
				? new ScreenshotView.LastError(row.lastError().code(), row.lastError().message()) : null;
		Webhook webhook = (row.webhookUrl() != null) ? new Webhook(row.webhookUrl(),
				Arrays.stream(row.webhookEvents().split(",")).map(Webhook.Event::of).toList()) : null;
		ScreenshotJob.Source source = row.source();
		return new ScreenshotView(row.id(), row.status(), row.sourceUrl(), job.options(), row.priority(), webhook,
				row.attempts(), row.createdAt(), row.updatedAt(), row.startedAt(), row.finishedAt(),
				row.nextAttemptAt(),
				(source.type() == SourceType.URL) ? null
						: new ScreenshotView.Source(
								source.type().value(), source.entry(), source.files(), source.bytes()),
				lastError, row.expiredAt(),
				job.steps()
					.stream()
					.map((step) -> new ScreenshotView.Step(step.status(), step.attempt(), step.enteredAt(),
							step.durationMs()))
					.toList(),
				result, error, links,
				(row.compare() != null) ? this.json.readValue(row.compare(), Compare.class) : null);
	}

	/** The recorded comparison, with the diff image's link. */
	private static Map<String, Object> comparison(ScreenshotJob.Result stored, String self, boolean present) {
		if (stored.comparison() == null) {
			return null;
		}
		Map<String, Object> comparison = new LinkedHashMap<>(stored.comparison());
		if (present && stored.artifact("diff").filter(StoredArtifact::stored).isPresent()) {
			comparison.put("diffImage", self + "/artifacts/diff");
		}
		return comparison;
	}

}
