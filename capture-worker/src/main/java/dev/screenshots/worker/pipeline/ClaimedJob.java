package dev.screenshots.worker.pipeline;

import java.time.Instant;
import java.util.UUID;

import dev.screenshots.model.capture.CaptureOptions;

/**
 * A job this worker claimed: the row's request, and the attempt the claim started.
 *
 * @param id the job id
 * @param url the page to capture
 * @param options the options to apply (defaults already resolved by the API)
 * @param attempt the attempt number, starting at 1
 * @param createdAt when the API accepted the job
 * @param workerId the worker holding the claim
 */
public record ClaimedJob(UUID id, String url, CaptureOptions options, int attempt, Instant createdAt, String workerId) {

}
