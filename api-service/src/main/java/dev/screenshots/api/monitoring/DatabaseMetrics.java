package dev.screenshots.api.monitoring;

import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The outbox backlog ({@code screenshots.outbox.backlog}, {@code
 * screenshots.outbox.oldest.age}), the pending webhook deliveries ({@code
 * screenshots.webhooks.pending}) and the worker fleet by status ({@code
 * screenshots.workers}, tag {@code status}), read from the database in one round trip.
 */
@Component
class DatabaseMetrics implements MeterBinder {

	private static final String[] STATUSES = { "idle", "busy", "offline" };

	private final Cached<Map<String, Object>> readings;

	DatabaseMetrics(JdbcClient jdbc, MonitoringProperties properties) {
		this.readings = new Cached<>(() -> jdbc
			.sql("""
					SELECT
					  (SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL) AS backlog,
					  (SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)
					     FROM outbox_messages WHERE sent_at IS NULL) AS oldest,
					  (SELECT count(*) FROM webhook_deliveries WHERE status = 'pending') AS webhooks_pending,
					  count(*) FILTER (WHERE status = 'idle' AND last_heartbeat_at >= now() - :timeoutMillis * interval '1 millisecond') AS idle,
					  count(*) FILTER (WHERE status = 'busy' AND last_heartbeat_at >= now() - :timeoutMillis * interval '1 millisecond') AS busy,
					  count(*) FILTER (WHERE status = 'offline' OR last_heartbeat_at < now() - :timeoutMillis * interval '1 millisecond') AS offline
					FROM workers
					""")
			.param("timeoutMillis", properties.workerTimeout().toMillis())
			.query()
			.singleRow(), properties.cacheFor());
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("screenshots.outbox.backlog", this, (metrics) -> metrics.read("backlog"))
			.description("Outbox messages not yet published")
			.register(registry);
		Gauge.builder("screenshots.outbox.oldest.age", this, (metrics) -> metrics.read("oldest"))
			.description("Age of the oldest unpublished outbox message, 0 when none")
			.baseUnit("seconds")
			.register(registry);
		Gauge.builder("screenshots.webhooks.pending", this, (metrics) -> metrics.read("webhooks_pending"))
			.description("Webhook deliveries not yet delivered or given up (due now or waiting for a retry)")
			.register(registry);
		for (String status : STATUSES) {
			Gauge.builder("screenshots.workers", this, (metrics) -> metrics.read(status))
				.description("Capture-workers by status; a worker that stopped heartbeating counts as offline")
				.tag("status", status)
				.register(registry);
		}
	}

	private double read(String column) {
		Map<String, Object> row = this.readings.get();
		Object value = (row != null) ? row.get(column) : null;
		return (value instanceof Number number) ? number.doubleValue() : Double.NaN;
	}

}
