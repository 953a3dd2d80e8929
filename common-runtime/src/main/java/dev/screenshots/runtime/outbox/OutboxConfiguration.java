package dev.screenshots.runtime.outbox;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.screenshots.runtime.tracing.TraceHeaders;

/**
 * The outbox and its relay, and the trace headers its messages carry; imported by each
 * service.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxConfiguration {

	@Bean
	TraceHeaders traceHeaders(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
		return new TraceHeaders(tracer.getIfAvailable(() -> Tracer.NOOP),
				propagator.getIfAvailable(() -> Propagator.NOOP));
	}

	@Bean
	Outbox outbox(JdbcClient jdbc, JsonMapper json, ApplicationEventPublisher events, TraceHeaders traceHeaders) {
		return new Outbox(jdbc, json, events, traceHeaders);
	}

	@Bean
	OutboxRelay outboxRelay(JdbcClient jdbc, TransactionTemplate transactions, ConnectionFactory connectionFactory,
			AmqpAdmin admin, JsonMapper json, OutboxProperties properties) {
		return new OutboxRelay(jdbc, transactions, connectionFactory, admin, json, properties);
	}

}
