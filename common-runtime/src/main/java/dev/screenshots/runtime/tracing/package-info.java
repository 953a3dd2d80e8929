/**
 * The W3C trace context carried from an API request through the outbox and RabbitMQ to
 * the worker's capture.
 */
package dev.screenshots.runtime.tracing;
