/**
 * Small building blocks both services run on: a lifecycle-managed background loop and a
 * virtual-thread executor bean.
 */
package dev.screenshots.runtime.support;
