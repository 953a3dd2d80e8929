package dev.screenshots.api.admin;

import java.util.List;
import java.util.UUID;

/**
 * What a redrive did.
 *
 * @param redriven the jobs set back to pending and republished
 * @param republishConfirmed whether the broker confirmed every republished message in
 * time
 * @param removedFromQueue dead-letter queue messages removed (only after the confirm)
 */
record RedriveResult(List<UUID> redriven, boolean republishConfirmed, int removedFromQueue) {
}
