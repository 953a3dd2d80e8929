package dev.screenshots.api.screenshots;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.screenshots.model.job.JobStatus;

/**
 * A page of a tenant's jobs, newest first.
 *
 * @param items the jobs
 * @param nextCursor pass as {@code cursor} for the next page; absent on the last page
 * @param links {@code next}: the next page's URL, with the same filters
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record JobPage(List<Item> items, String nextCursor, Map<String, String> links) {

	/**
	 * One job, in short; {@code links.self} has all of it.
	 *
	 * @param id the job id
	 * @param status its status
	 * @param url the page
	 * @param priority its priority
	 * @param attempts attempts started
	 * @param createdAt when it was accepted
	 * @param finishedAt when it reached a terminal status
	 * @param errorCode why it failed
	 * @param links {@code self}, and {@code image} once completed
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Item(UUID id, JobStatus status, String url, String priority, int attempts, Instant createdAt,
			Instant finishedAt, String errorCode, Map<String, String> links) {
	}

}
