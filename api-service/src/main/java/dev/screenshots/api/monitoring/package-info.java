/**
 * What operators watch that no single request produces: queue depths read from the
 * broker, the outbox backlog and the worker fleet, as Prometheus gauges.
 */
package dev.screenshots.api.monitoring;
