/**
 * Worker-wide settings and start-up checks.
 */
package dev.screenshots.worker.system;
