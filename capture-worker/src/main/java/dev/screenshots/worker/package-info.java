/**
 * The capture worker. {@code consumer} takes jobs off the queue, {@code pipeline} runs
 * the state machine one step class at a time, {@code browser} owns every Playwright
 * object, {@code storage} writes images to S3, and {@code system} holds start-up checks
 * and worker-wide settings.
 */
package dev.screenshots.worker;
