/**
 * The transactional outbox: messages are written with the change they announce and
 * published to RabbitMQ by a relay with publisher confirms, so the job table and the
 * queue never disagree.
 */
package dev.screenshots.api.outbox;
