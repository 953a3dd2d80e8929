/**
 * The screenshot API. {@code screenshots} is the jobs feature (HTTP, entities, service),
 * {@code outbox} publishes work to RabbitMQ exactly as committed, and {@code system}
 * holds the cross-cutting web configuration: problem details, request limits, messaging
 * and storage.
 */
package dev.screenshots.api;
