/**
 * Baselines of visual comparison, shared by api-service (set, approve, list, delete) and
 * capture-worker (read the current version, create one with {@code autoCreate}).
 */
package dev.screenshots.runtime.baselines;
