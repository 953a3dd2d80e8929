package dev.screenshots.worker.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.screenshots.model.capture.Region;
import dev.screenshots.model.storage.StoredArtifact;
import dev.screenshots.worker.browser.PageArtifact;
import dev.screenshots.worker.browser.PageFacts;
import dev.screenshots.worker.browser.PageLoad;
import dev.screenshots.worker.browser.Sandbox;
import dev.screenshots.worker.browser.Sandboxes;

/**
 * What the steps of one job share: the claimed job, the browser slot's sandboxes, and
 * each step's output for the steps after it. Lives on one browser slot's thread.
 */
final class JobContext {

	private final ClaimedJob job;

	private final Sandboxes sandboxes;

	private Sandbox sandbox;

	private PageLoad pageLoad;

	private CapturedImage image;

	private StoredImage stored;

	private PageFacts facts = PageFacts.NONE;

	private List<PageArtifact> pageArtifacts = List.of();

	private List<StoredArtifact> storedArtifacts = List.of();

	private List<Region> ignoredBoxes = List.of();

	private Map<String, Object> comparison;

	private final List<ResultWarning> warnings = new ArrayList<>();

	JobContext(ClaimedJob job, Sandboxes sandboxes) {
		this.job = job;
		this.sandboxes = sandboxes;
	}

	ClaimedJob job() {
		return this.job;
	}

	Sandboxes sandboxes() {
		return this.sandboxes;
	}

	Sandbox sandbox() {
		if (this.sandbox == null) {
			throw new IllegalStateException("No sandbox yet: the sandbox step has not run");
		}
		return this.sandbox;
	}

	void sandbox(Sandbox sandbox) {
		this.sandbox = sandbox;
	}

	PageLoad pageLoad() {
		return this.pageLoad;
	}

	void pageLoad(PageLoad pageLoad) {
		this.pageLoad = pageLoad;
	}

	CapturedImage image() {
		if (this.image == null) {
			throw new IllegalStateException("No image yet: the capture step has not run");
		}
		return this.image;
	}

	void image(CapturedImage image) {
		this.image = image;
	}

	StoredImage stored() {
		if (this.stored == null) {
			throw new IllegalStateException("Nothing stored yet: the store step has not run");
		}
		return this.stored;
	}

	void stored(StoredImage stored) {
		this.stored = stored;
	}

	PageFacts facts() {
		return this.facts;
	}

	void facts(PageFacts facts) {
		this.facts = facts;
	}

	/**
	 * @return what the page gave for the artifacts asked for, empty before the capture
	 */
	List<PageArtifact> pageArtifacts() {
		return this.pageArtifacts;
	}

	void pageArtifacts(List<PageArtifact> artifacts) {
		this.pageArtifacts = List.copyOf(artifacts);
	}

	/**
	 * @return the artifacts as stored (or absent), empty before the store step
	 */
	List<StoredArtifact> storedArtifacts() {
		return this.storedArtifacts;
	}

	void storedArtifacts(List<StoredArtifact> artifacts) {
		this.storedArtifacts = List.copyOf(artifacts);
	}

	/**
	 * @return the boxes of {@code compare.ignoreSelectors}' elements in image pixels
	 */
	List<Region> ignoredBoxes() {
		return this.ignoredBoxes;
	}

	void ignoredBoxes(List<Region> boxes) {
		this.ignoredBoxes = List.copyOf(boxes);
	}

	/**
	 * @return the comparison with the baseline, or {@code null} without {@code compare}
	 */
	Map<String, Object> comparison() {
		return this.comparison;
	}

	void comparison(Map<String, Object> comparison) {
		this.comparison = comparison;
	}

	/**
	 * Adds a warning to the result.
	 * @param warning the warning
	 */
	void warn(ResultWarning warning) {
		this.warnings.add(warning);
	}

	List<ResultWarning> warnings() {
		return List.copyOf(this.warnings);
	}

}
