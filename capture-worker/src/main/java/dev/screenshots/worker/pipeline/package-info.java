/**
 * The capture pipeline: the orchestrator
 * ({@link dev.screenshots.worker.pipeline.CapturePipeline}), one class per step, and the
 * guarded writes of each transition
 * ({@link dev.screenshots.worker.pipeline.JobStateStore}).
 */
package dev.screenshots.worker.pipeline;
