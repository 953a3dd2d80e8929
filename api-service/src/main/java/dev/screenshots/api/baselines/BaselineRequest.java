package dev.screenshots.api.baselines;

import java.util.UUID;

import jakarta.validation.constraints.NotNull;

/**
 * What {@code PUT /baselines/{name}} sets.
 *
 * @param jobId a completed job of the tenant whose image becomes the new version
 */
record BaselineRequest(@NotNull UUID jobId) {
}
