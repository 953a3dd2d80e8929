/**
 * What the worker fleet does together, beyond running jobs: heartbeats and lease renewal,
 * the reaper that takes back the jobs of lost workers, and the retention sweep.
 */
package dev.screenshots.worker.fleet;
