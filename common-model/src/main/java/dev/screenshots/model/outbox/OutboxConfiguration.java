package dev.screenshots.model.outbox;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox and its relay; imported by each service.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxConfiguration {

	@Bean
	Outbox outbox(JdbcClient jdbc, JsonMapper json, ApplicationEventPublisher events) {
		return new Outbox(jdbc, json, events);
	}

	@Bean
	OutboxRelay outboxRelay(JdbcClient jdbc, TransactionTemplate transactions, ConnectionFactory connectionFactory,
			AmqpAdmin admin, JsonMapper json, OutboxProperties properties) {
		return new OutboxRelay(jdbc, transactions, connectionFactory, admin, json, properties);
	}

}
