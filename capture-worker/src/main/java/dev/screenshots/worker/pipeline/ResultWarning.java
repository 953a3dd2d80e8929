package dev.screenshots.worker.pipeline;

import dev.screenshots.model.job.Warning;

/**
 * One entry of {@code result.warnings}: a stable code and what happened.
 *
 * @param code the code
 * @param message what happened in this job, safe to show the client
 */
public record ResultWarning(Warning code, String message) {
}
