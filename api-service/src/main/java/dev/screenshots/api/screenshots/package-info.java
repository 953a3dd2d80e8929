/**
 * Screenshot jobs as an HTTP resource: submitting (the job, its outbox message and its
 * idempotency key in one transaction), reading, listing, cancelling, and downloading the
 * image. The job row itself is {@link dev.screenshots.api.jobs.ScreenshotJobs}'s.
 */
package dev.screenshots.api.screenshots;
