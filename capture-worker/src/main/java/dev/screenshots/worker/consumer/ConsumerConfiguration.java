package dev.screenshots.worker.consumer;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.config.DirectRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.screenshots.runtime.messaging.CaptureTopology;
import dev.screenshots.runtime.outbox.OutboxConfiguration;
import dev.screenshots.worker.browser.BrowserProperties;
import dev.screenshots.worker.pipeline.RetryProperties;

/**
 * The work queue consumer: manual acknowledgements, and a prefetch of twice the browser
 * pool size: a job for each browser, and one more each to claim and queue while the
 * previous job of that browser is uploaded, so no browser waits for the broker. Also
 * declares the topology with one retry queue per configured delay, and runs an outbox
 * relay for the retry and dead-letter messages the worker writes.
 */
@Configuration(proxyBeanMethods = false)
@Import(OutboxConfiguration.class)
class ConsumerConfiguration {

	@Bean
	Declarables captureTopology() {
		return CaptureTopology.declarables();
	}

	@Bean
	Declarables retryQueues(RetryProperties retry) {
		return CaptureTopology.retryDeclarables(retry.delays());
	}

	@Bean
	DirectRabbitListenerContainerFactory captureContainerFactory(ConnectionFactory connectionFactory,
			BrowserProperties browser) {
		DirectRabbitListenerContainerFactory factory = new DirectRabbitListenerContainerFactory();
		factory.setConnectionFactory(connectionFactory);
		factory.setAcknowledgeMode(AcknowledgeMode.MANUAL);
		factory.setPrefetchCount(2 * browser.poolSize());
		factory.setConsumersPerQueue(1);
		factory.setMissingQueuesFatal(false);
		return factory;
	}

}
