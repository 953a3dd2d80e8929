/**
 * The RabbitMQ topology both services declare (work, retry and dead-letter queues) and
 * the builders of the messages they put in the outbox.
 */
package dev.screenshots.runtime.messaging;
