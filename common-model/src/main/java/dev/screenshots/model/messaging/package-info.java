/**
 * What travels through RabbitMQ: the work message. The topology and the message builders
 * are in {@code dev.screenshots.runtime.messaging}.
 */
package dev.screenshots.model.messaging;
