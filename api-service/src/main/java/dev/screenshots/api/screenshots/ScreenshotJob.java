package dev.screenshots.api.screenshots;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.hibernate.annotations.ColumnTransformer;

import org.springframework.data.domain.Persistable;

import dev.screenshots.model.capture.Priority;
import dev.screenshots.model.job.JobStatus;

/**
 * A screenshot job row. The API creates it in {@code pending}; from then on only workers
 * change it, through guarded updates, so the API reads it and never writes it again.
 */
@Entity
@Table(name = "screenshot_jobs")
class ScreenshotJob implements Persistable<UUID> {

	@Id
	private UUID id;

	@Convert(converter = JobStatusConverter.class)
	private JobStatus status;

	private String sourceUrl;

	@Column(columnDefinition = "jsonb")
	@ColumnTransformer(write = "?::jsonb")
	private String options;

	private String priority;

	private String webhookUrl;

	private String webhookEvents;

	private String tenant;

	private String sourceType;

	private String sourceEntry;

	private String sourcePrefix;

	private Integer sourceFiles;

	private Long sourceBytes;

	private UUID apiKeyId;

	private int attempts;

	private String workerId;

	private Instant createdAt;

	private Instant updatedAt;

	private Instant startedAt;

	private Instant finishedAt;

	private String resultBucket;

	private String resultKey;

	private String resultContentType;

	private Long resultBytes;

	private Integer resultWidth;

	private Integer resultHeight;

	private String resultSha256;

	private String errorCode;

	private String errorMessage;

	@Convert(converter = JobStatusConverter.class)
	private JobStatus errorStep;

	private Instant nextAttemptAt;

	private String lastErrorCode;

	private String lastErrorMessage;

	private Instant expiredAt;

	private String resultFinalUrl;

	private Integer resultHttpStatus;

	private Integer resultBlockedRequests;

	private String resultTitle;

	private Integer resultConsoleErrors;

	@Transient
	private boolean isNew;

	protected ScreenshotJob() {
	}

	static ScreenshotJob pending(UUID id, String sourceUrl, String optionsJson, Priority priority, Instant now,
			String tenant, UUID apiKeyId) {
		ScreenshotJob job = new ScreenshotJob();
		job.id = id;
		job.tenant = tenant;
		job.apiKeyId = apiKeyId;
		job.sourceType = "url";
		job.status = JobStatus.PENDING;
		job.sourceUrl = sourceUrl;
		job.options = optionsJson;
		job.priority = priority.value();
		job.attempts = 0;
		job.createdAt = now;
		job.updatedAt = now;
		job.isNew = true;
		return job;
	}

	/**
	 * Makes this job announce its outcome.
	 * @param url where to POST the events
	 * @param events the statuses to announce, comma-separated
	 * @return this job
	 */
	ScreenshotJob withWebhook(String url, String events) {
		this.webhookUrl = url;
		this.webhookEvents = events;
		return this;
	}

	/**
	 * Makes this job an inline-HTML or bundle job whose files are stored under a prefix.
	 * @param type {@code html} or {@code bundle}
	 * @param entry the page to open
	 * @param prefix where the files are
	 * @param files how many files
	 * @param bytes their total size
	 * @return this job
	 */
	ScreenshotJob withSource(String type, String entry, String prefix, int files, long bytes) {
		this.sourceType = type;
		this.sourceEntry = entry;
		this.sourcePrefix = prefix;
		this.sourceFiles = files;
		this.sourceBytes = bytes;
		return this;
	}

	String sourceType() {
		return this.sourceType;
	}

	String sourceEntry() {
		return this.sourceEntry;
	}

	Integer sourceFiles() {
		return this.sourceFiles;
	}

	Long sourceBytes() {
		return this.sourceBytes;
	}

	@Override
	public UUID getId() {
		return this.id;
	}

	@Override
	public boolean isNew() {
		return this.isNew;
	}

	JobStatus status() {
		return this.status;
	}

	String sourceUrl() {
		return this.sourceUrl;
	}

	String options() {
		return this.options;
	}

	String priority() {
		return this.priority;
	}

	String webhookUrl() {
		return this.webhookUrl;
	}

	String webhookEvents() {
		return this.webhookEvents;
	}

	int attempts() {
		return this.attempts;
	}

	String workerId() {
		return this.workerId;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	Instant updatedAt() {
		return this.updatedAt;
	}

	Instant startedAt() {
		return this.startedAt;
	}

	Instant finishedAt() {
		return this.finishedAt;
	}

	String resultBucket() {
		return this.resultBucket;
	}

	String resultKey() {
		return this.resultKey;
	}

	String resultContentType() {
		return this.resultContentType;
	}

	Long resultBytes() {
		return this.resultBytes;
	}

	Integer resultWidth() {
		return this.resultWidth;
	}

	Integer resultHeight() {
		return this.resultHeight;
	}

	String resultSha256() {
		return this.resultSha256;
	}

	String errorCode() {
		return this.errorCode;
	}

	String errorMessage() {
		return this.errorMessage;
	}

	JobStatus errorStep() {
		return this.errorStep;
	}

	Instant nextAttemptAt() {
		return this.nextAttemptAt;
	}

	String lastErrorCode() {
		return this.lastErrorCode;
	}

	String lastErrorMessage() {
		return this.lastErrorMessage;
	}

	Instant expiredAt() {
		return this.expiredAt;
	}

	String resultFinalUrl() {
		return this.resultFinalUrl;
	}

	Integer resultHttpStatus() {
		return this.resultHttpStatus;
	}

	Integer resultBlockedRequests() {
		return this.resultBlockedRequests;
	}

	String resultTitle() {
		return this.resultTitle;
	}

	Integer resultConsoleErrors() {
		return this.resultConsoleErrors;
	}

}
