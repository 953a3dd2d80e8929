/**
 * Visual comparison of a capture with its baseline ({@code compare}): the perceptual
 * pixel difference, the diff image, and the baselines the worker reads and creates.
 */
package dev.screenshots.worker.compare;
