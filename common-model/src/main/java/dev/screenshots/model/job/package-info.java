/**
 * Job statuses, the one table of allowed transitions between them, the guarded SQL move
 * derived from that table, and the stable error codes a failed job carries.
 */
package dev.screenshots.model.job;
