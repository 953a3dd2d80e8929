package dev.screenshots.worker.consumer;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.config.DirectRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.screenshots.model.messaging.CaptureTopology;
import dev.screenshots.worker.browser.BrowserProperties;

/**
 * The work queue consumer: manual acknowledgements, and a prefetch equal to the browser
 * pool size, so the worker holds exactly as many unacknowledged jobs as it has browsers
 * for.
 */
@Configuration(proxyBeanMethods = false)
class ConsumerConfiguration {

	@Bean
	Declarables captureTopology() {
		return CaptureTopology.declarables();
	}

	@Bean
	DirectRabbitListenerContainerFactory captureContainerFactory(ConnectionFactory connectionFactory,
			BrowserProperties browser) {
		DirectRabbitListenerContainerFactory factory = new DirectRabbitListenerContainerFactory();
		factory.setConnectionFactory(connectionFactory);
		factory.setAcknowledgeMode(AcknowledgeMode.MANUAL);
		factory.setPrefetchCount(browser.poolSize());
		factory.setConsumersPerQueue(1);
		factory.setMissingQueuesFatal(false);
		return factory;
	}

}
