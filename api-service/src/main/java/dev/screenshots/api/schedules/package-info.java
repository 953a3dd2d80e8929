/**
 * Scheduled captures: a cron expression and a capture request, run by every api-service
 * instance together (one job per due run), optionally compared and announced on change.
 */
package dev.screenshots.api.schedules;
