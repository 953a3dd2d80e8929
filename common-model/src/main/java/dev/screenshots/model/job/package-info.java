/**
 * Job statuses, the one table of allowed transitions between them, and the stable error
 * codes a failed job carries.
 */
package dev.screenshots.model.job;
