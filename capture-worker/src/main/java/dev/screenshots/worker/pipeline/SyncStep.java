package dev.screenshots.worker.pipeline;

import java.time.Duration;
import java.util.EnumSet;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.screenshots.model.capture.ResolvedOptions;
import dev.screenshots.model.job.ErrorCode;
import dev.screenshots.model.job.JobStatus;
import dev.screenshots.model.storage.Sources;
import dev.screenshots.worker.CaptureFailure;
import dev.screenshots.worker.browser.CaptureSpec;
import dev.screenshots.worker.browser.PageLoad;
import dev.screenshots.worker.browser.Sandbox;
import dev.screenshots.worker.storage.SourceFiles;

/**
 * Loads the content into the sandbox and makes the page ready, in this order: for inline
 * HTML and bundles, read the job's files from the store and serve them at the job's
 * private origin (a bundle reaches nothing else); navigate and wait for
 * {@code waitUntil}; wait for {@code waitForSelector} and {@code waitForFunction}; add
 * {@code css}; hide {@code hideSelectors}; run {@code js}; run the {@code actions}; for a
 * full-page capture scroll through the page so lazy content loads; then wait
 * {@code delayMs}; then let the page settle for its capture (web fonts loaded, the
 * captured area's images decoded) and, for the blocking flags, let the consent platform
 * be answered and hide what the lists name; then check the page's text
 * ({@code failIfTextMissing}, {@code failIfTextPresent}). A page that answers without
 * content (HTTP 204/205) fails with {@code EMPTY_PAGE}; with {@code failOnHttpError}, one
 * that answers 4xx or 5xx fails with {@code HTTP_ERROR} at once.
 */
@Component
@Order(3)
class SyncStep implements PipelineStep {

	private final SourceFiles sourceFiles;

	SyncStep(SourceFiles sourceFiles) {
		this.sourceFiles = sourceFiles;
	}

	@Override
	public JobStatus status() {
		return JobStatus.SYNCING_FILES;
	}

	@Override
	public void run(JobContext context) {
		ResolvedOptions.Waits waits = context.job().options().waits();
		ResolvedOptions.BeforeCapture changes = context.job().options().beforeCapture();
		ResolvedOptions.Area area = context.job().options().area();
		Duration timeout = Duration.ofMillis(waits.timeoutMs());
		Sandbox sandbox = context.sandbox();
		ClaimedJob.Source source = context.job().source();
		if (source != null) {
			sandbox.serve(Sources.origin(context.job().id()), this.sourceFiles.load(source.prefix()),
					source.isolated());
		}
		if (!context.job().options().artifacts().kinds().isEmpty()) {
			sandbox.record(EnumSet.copyOf(context.job().options().artifacts().kinds()));
		}
		PageLoad load = sandbox.load(context.job().url(), waits.waitUntil(), timeout);
		if (load.httpStatus() != null && (load.httpStatus() == 204 || load.httpStatus() == 205)) {
			throw new CaptureFailure(ErrorCode.EMPTY_PAGE,
					"The page answered HTTP " + load.httpStatus() + " with no content to capture");
		}
		context.pageLoad(load);
		ResolvedOptions.Checks checks = context.job().options().checks();
		if (checks.failOnHttpError() && load.httpStatus() != null && load.httpStatus() >= 400) {
			throw CaptureFailure.httpError(load.httpStatus());
		}
		if (waits.waitForSelector() != null) {
			sandbox.waitForSelector(waits.waitForSelector(), timeout);
		}
		if (waits.waitForFunction() != null) {
			sandbox.waitForFunction(waits.waitForFunction(), timeout);
		}
		if (changes.css() != null) {
			sandbox.addStyle(changes.css());
		}
		sandbox.hide(changes.hideSelectors());
		if (changes.js() != null) {
			sandbox.runScript(changes.js(), timeout);
		}
		for (int i = 0; i < changes.actions().size(); i++) {
			sandbox.perform(changes.actions().get(i), i);
		}
		if (area.fullPage()) {
			sandbox.scrollThrough(area.maxHeight(), timeout);
		}
		sandbox.pause(Duration.ofMillis(waits.delayMs()));
		sandbox.settle(CaptureSpec.of(context.job().options()));
		checkText(sandbox, checks);
	}

	private static void checkText(Sandbox sandbox, ResolvedOptions.Checks checks) {
		if (checks.failIfTextMissing() == null && checks.failIfTextPresent() == null) {
			return;
		}
		String text = sandbox.visibleText();
		if (checks.failIfTextMissing() != null && !text.contains(checks.failIfTextMissing())) {
			throw new CaptureFailure(ErrorCode.CONTENT_CHECK_FAILED,
					"The page's visible text does not contain '" + checks.failIfTextMissing() + "'");
		}
		if (checks.failIfTextPresent() != null && text.contains(checks.failIfTextPresent())) {
			throw new CaptureFailure(ErrorCode.CONTENT_CHECK_FAILED,
					"The page's visible text contains '" + checks.failIfTextPresent() + "'");
		}
	}

}
