package dev.screenshots.testsupport;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A test builder for job rows, for tests that start the worker without the API.
 *
 * <pre>
 * UUID id = JobRows.aJob().url(page).options("{\"width\":640}").insert(jdbc);
 * </pre>
 */
public final class JobRows {

	private UUID id = UUID.randomUUID();

	private String url = "http://127.0.0.1:1/";

	private String optionsJson = "{}";

	private String status = "pending";

	private Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);

	private String workerId;

	private int attempts;

	private Instant leaseExpiresAt;

	private String sourceType = "url";

	private String sourceEntry;

	private String sourcePrefix;

	private JobRows() {
	}

	public static JobRows aJob() {
		return new JobRows();
	}

	public JobRows id(UUID id) {
		this.id = id;
		return this;
	}

	public JobRows url(String url) {
		this.url = url;
		return this;
	}

	/**
	 * Sets the stored options. The API stores them with every default resolved; the
	 * worker reads missing fields as defaults too.
	 * @param optionsJson the options as JSON
	 * @return this
	 */
	public JobRows options(String optionsJson) {
		this.optionsJson = optionsJson;
		return this;
	}

	public JobRows status(String status) {
		this.status = status;
		return this;
	}

	/**
	 * Makes the job held by a worker, as if claimed.
	 * @param workerId the holder
	 * @param attempts attempts made so far
	 * @param leaseExpiresAt when the holder's lease runs out
	 * @return this
	 */
	public JobRows heldBy(String workerId, int attempts, Instant leaseExpiresAt) {
		this.workerId = workerId;
		this.attempts = attempts;
		this.leaseExpiresAt = leaseExpiresAt;
		return this;
	}

	/**
	 * Makes the job an inline-HTML or bundle job whose files are under a prefix.
	 * @param type {@code html} or {@code bundle}
	 * @param entry the page to open
	 * @param prefix the store prefix of the files
	 * @return this
	 */
	public JobRows source(String type, String entry, String prefix) {
		this.sourceType = type;
		this.sourceEntry = entry;
		this.sourcePrefix = prefix;
		return this;
	}

	public JobRows createdAt(Instant createdAt) {
		this.createdAt = createdAt;
		return this;
	}

	/**
	 * Inserts the job and its first step.
	 * @param jdbc a client on the test database
	 * @return the job id
	 */
	public UUID insert(JdbcClient jdbc) {
		OffsetDateTime at = OffsetDateTime.ofInstant(this.createdAt, ZoneOffset.UTC);
		jdbc.sql(
				"""
						INSERT INTO screenshot_jobs (id, status, source_url, options, created_at, updated_at, worker_id, attempts,
						                             lease_expires_at, source_type, source_entry, source_prefix)
						VALUES (:id, :status, :url, CAST(:options AS jsonb), :at, :at, :worker, :attempts, :lease,
						        :sourceType, :sourceEntry, :sourcePrefix)
						""")
			.param("sourceType", this.sourceType)
			.param("sourceEntry", this.sourceEntry)
			.param("sourcePrefix", this.sourcePrefix)
			.param("worker", this.workerId)
			.param("attempts", this.attempts)
			.param("lease",
					(this.leaseExpiresAt != null) ? OffsetDateTime.ofInstant(this.leaseExpiresAt, ZoneOffset.UTC)
							: null)
			.param("id", this.id)
			.param("status", this.status)
			.param("url", this.url)
			.param("options", this.optionsJson)
			.param("at", at)
			.update();
		jdbc.sql("INSERT INTO job_steps (job_id, status, attempt, entered_at) VALUES (:id, :status, :attempts, :at)")
			.param("id", this.id)
			.param("attempts", this.attempts)
			.param("status", this.status)
			.param("at", at)
			.update();
		return this.id;
	}

}
