package dev.screenshots.worker.pipeline;

import java.util.EnumSet;
import java.util.List;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.screenshots.model.capture.ArtifactKind;
import dev.screenshots.model.capture.Compare;
import dev.screenshots.model.capture.ResolvedOptions;
import dev.screenshots.model.job.JobStatus;
import dev.screenshots.model.job.Warning;
import dev.screenshots.worker.browser.CaptureSpec;
import dev.screenshots.worker.browser.PageFacts;

/**
 * Renders the page (the viewport, the full page up to {@code maxHeight}, a {@code clip}
 * or a {@code selector}'s element; as PNG, JPEG, WebP or PDF), records what the page did
 * and the warnings it gives ({@code HTTP_ERROR_STATUS}, {@code CHALLENGE_PAGE},
 * {@code CONSENT_WALL}), reads the artifacts asked for from the page as the picture shows
 * it, and reads the output's pixel size. The browser slot closes the sandbox after this
 * last browser step, while the image is uploaded.
 */
@Component
@Order(4)
class CaptureStep implements PipelineStep {

	private final ArtifactProperties artifacts;

	CaptureStep(ArtifactProperties artifacts) {
		this.artifacts = artifacts;
	}

	@Override
	public JobStatus status() {
		return JobStatus.CAPTURING;
	}

	@Override
	public void run(JobContext context) {
		ResolvedOptions.Output output = context.job().options().output();
		CaptureSpec spec = CaptureSpec.of(context.job().options());
		byte[] bytes = context.sandbox().capture(spec);
		Compare compare = context.job().compare();
		if (compare != null && !compare.ignoreSelectors().isEmpty()) {
			context.ignoredBoxes(context.sandbox()
				.boxes(compare.ignoreSelectors(), spec, context.job().options().viewport().deviceScaleFactor()));
		}
		PageFacts facts = context.sandbox().facts();
		context.facts(facts);
		Integer status = (context.pageLoad() != null) ? context.pageLoad().httpStatus() : null;
		if (status != null && status >= 400) {
			context.warn(new ResultWarning(Warning.HTTP_ERROR_STATUS, "The page answered HTTP " + status));
		}
		if (facts.challenge() != null) {
			context.warn(new ResultWarning(Warning.CHALLENGE_PAGE,
					"The page is a " + facts.challenge() + " bot challenge, not the page asked for"));
		}
		if (facts.consentPlatform() != null) {
			context.warn(new ResultWarning(Warning.CONSENT_WALL,
					"A " + facts.consentPlatform() + " consent banner was on the page"));
		}
		List<ArtifactKind> kinds = context.job().options().artifacts().kinds();
		if (!kinds.isEmpty()) {
			context.pageArtifacts(context.sandbox()
				.artifacts(EnumSet.copyOf(kinds), context.pageLoad(), this.artifacts.maxBytesInt()));
		}
		int[] size = ImageDimensions.of(bytes, output.format());
		context.image(new CapturedImage(bytes, output.format(), (size != null) ? size[0] : null,
				(size != null) ? size[1] : null));
	}

}
