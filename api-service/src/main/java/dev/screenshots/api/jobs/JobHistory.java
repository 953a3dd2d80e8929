package dev.screenshots.api.jobs;

import java.util.List;

/**
 * A job row with its step history.
 *
 * @param job the row
 * @param steps every status it entered, oldest first
 */
public record JobHistory(ScreenshotJob job, List<JobStep> steps) {
}
