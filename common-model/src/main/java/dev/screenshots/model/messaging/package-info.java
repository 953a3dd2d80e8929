/**
 * What travels through RabbitMQ: the work message and the exchange and queue topology.
 */
package dev.screenshots.model.messaging;
