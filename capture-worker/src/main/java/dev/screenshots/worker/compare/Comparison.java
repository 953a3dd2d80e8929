package dev.screenshots.worker.compare;

import java.util.Map;

import dev.screenshots.model.storage.StoredArtifact;

/**
 * What comparing a capture with its baseline gave.
 *
 * @param result the job's {@code result.comparison}
 * @param diff the stored diff image (the artifact {@code diff}), or {@code null} when
 * nothing was compared
 */
public record Comparison(Map<String, Object> result, StoredArtifact diff) {

}
