/**
 * Object storage settings and the S3 client, shared so both services reach the same store
 * in the same way.
 */
package dev.screenshots.model.storage;
