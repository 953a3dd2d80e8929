/**
 * The job row ({@code screenshot_jobs}) and its step history ({@code job_steps}) as
 * api-service reads and writes them: {@link dev.screenshots.api.jobs.ScreenshotJobs} is
 * the one class that runs SQL on them, and the records it answers with. Feature packages
 * (screenshots, events, limits, admin, webhooks) use it; it uses none of them, so it
 * closes no package cycle.
 */
package dev.screenshots.api.jobs;
