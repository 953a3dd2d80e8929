/**
 * Per-key limits on submits, shared by every api-service instance through PostgreSQL: a
 * rate (generic cell rate algorithm, with a burst) and a cap on unfinished jobs.
 */
package dev.screenshots.api.limits;
