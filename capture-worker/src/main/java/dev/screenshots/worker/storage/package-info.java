/**
 * Object storage: uploads images to the S3-compatible store.
 */
package dev.screenshots.worker.storage;
