/**
 * Baselines of visual comparison: set one from a job, list them with their versions,
 * download a version's image, approve a compared capture, delete one.
 */
package dev.screenshots.api.baselines;
