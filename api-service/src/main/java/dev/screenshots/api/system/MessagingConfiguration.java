package dev.screenshots.api.system;

import org.springframework.amqp.core.Declarables;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.screenshots.runtime.messaging.CaptureTopology;
import dev.screenshots.runtime.outbox.OutboxConfiguration;

/**
 * Declares the capture topology from the API side too, so messages published before any
 * worker ever connected are routed, not dropped; and runs the outbox relay.
 */
@Configuration(proxyBeanMethods = false)
@Import(OutboxConfiguration.class)
class MessagingConfiguration {

	@Bean
	Declarables captureTopology() {
		return CaptureTopology.declarables();
	}

}
