/**
 * The transactional outbox both services publish through: messages are written in the
 * transaction of the change they announce and published to RabbitMQ by a relay with
 * publisher confirms, so the database and the queues never disagree.
 */
package dev.screenshots.runtime.outbox;
