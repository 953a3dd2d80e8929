/**
 * Object storage settings, the S3 client and its health check, shared so both services
 * reach the same store in the same way.
 */
package dev.screenshots.runtime.storage;
