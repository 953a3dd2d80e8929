/**
 * The {@code screenshot} command-line client for CI jobs
 * ({@link dev.screenshots.cli.ScreenshotCli}).
 */
package dev.screenshots.cli;
