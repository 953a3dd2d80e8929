package dev.screenshots.api.jobs;

import java.time.Instant;
import java.util.UUID;

import dev.screenshots.model.job.JobStatus;

/**
 * One job in a tenant's list.
 *
 * @param id the job id
 * @param status its status
 * @param url the page
 * @param priority its priority
 * @param attempts attempts started
 * @param createdAt when it was accepted
 * @param finishedAt when it reached a terminal status
 * @param errorCode why it failed
 */
public record JobSummary(UUID id, JobStatus status, String url, String priority, int attempts, Instant createdAt,
		Instant finishedAt, String errorCode) {

	/**
	 * Which jobs of a tenant, newest first: a keyset page.
	 *
	 * @param status only jobs in this status, or {@code null}
	 * @param since only jobs created at or after, or {@code null}
	 * @param until only jobs created before, or {@code null}
	 * @param afterCreatedAt with {@code afterId}: only jobs after this one in the order,
	 * or {@code null} for the first page
	 * @param afterId the id of that job
	 * @param limit how many at most
	 */
	public record Query(JobStatus status, Instant since, Instant until, Instant afterCreatedAt, UUID afterId,
			int limit) {
	}

}
