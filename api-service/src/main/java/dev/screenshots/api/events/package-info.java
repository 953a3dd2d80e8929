/**
 * Watching jobs as they move: the notification listener
 * ({@link dev.screenshots.api.events.JobStepNotifications}), the Server-Sent Events
 * stream of a job's transitions, and the wait behind {@code Prefer: wait}.
 */
package dev.screenshots.api.events;
