package dev.screenshots.worker.pipeline;

import java.time.Instant;
import java.util.UUID;

import dev.screenshots.model.capture.Compare;
import dev.screenshots.model.capture.ResolvedOptions;
import dev.screenshots.model.capture.SourceType;

/**
 * A job this worker claimed: the row's request, and the attempt the claim started.
 *
 * @param id the job id
 * @param url the page to capture; for inline HTML and bundles, the entry page's URL on
 * the job's private origin
 * @param source the uploaded files of an inline-HTML or bundle job, or {@code null} for a
 * URL job
 * @param options the options to apply
 * @param attempt the attempt number, starting at 1
 * @param createdAt when the API accepted the job
 * @param workerId the worker holding the claim
 * @param priority the job's priority ({@code high}, {@code normal}, {@code low})
 * @param tenant the job's tenant
 * @param compare the comparison with a baseline asked for, or {@code null}
 */
public record ClaimedJob(UUID id, String url, Source source, ResolvedOptions options, int attempt, Instant createdAt,
		String workerId, String priority, String tenant, Compare compare) {

	/**
	 * A job without tenant or comparison, for tests.
	 * @param id the job id
	 * @param url the page
	 * @param source the uploaded files, or {@code null}
	 * @param options the options
	 * @param attempt the attempt
	 * @param createdAt when it was accepted
	 * @param workerId the worker
	 * @param priority the priority
	 */
	public ClaimedJob(UUID id, String url, Source source, ResolvedOptions options, int attempt, Instant createdAt,
			String workerId, String priority) {
		this(id, url, source, options, attempt, createdAt, workerId, priority, null, null);
	}

	/**
	 * What the job captures.
	 * @return the source type
	 */
	public SourceType sourceType() {
		return (this.source != null) ? this.source.type() : SourceType.URL;
	}

	/**
	 * Where an inline-HTML or bundle job's files are.
	 *
	 * @param type {@code html} or {@code bundle}
	 * @param entry the path of the page to open
	 * @param prefix the store prefix of the files
	 */
	public record Source(SourceType type, String entry, String prefix) {

		/**
		 * Whether the page may reach nothing but its own files: true for bundles. Inline
		 * HTML may load external resources, through the URL policy like any page.
		 * @return whether every other request is refused
		 */
		public boolean isolated() {
			return this.type == SourceType.BUNDLE;
		}

	}

}
