/**
 * Where a job's objects are in the store: image keys and the prefix, origin and content
 * types of a job's uploaded files. The S3 client is in
 * {@code dev.screenshots.runtime.storage}.
 */
package dev.screenshots.model.storage;
