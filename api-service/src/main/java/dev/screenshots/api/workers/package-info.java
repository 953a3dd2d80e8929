/**
 * The capture-worker fleet as operators see it: {@code GET /workers}.
 */
package dev.screenshots.api.workers;
