package dev.screenshots.api.system;

import org.springframework.amqp.core.Declarables;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.screenshots.model.messaging.CaptureTopology;

/**
 * Declares the capture topology from the API side too, so messages published before any
 * worker ever connected are routed, not dropped.
 */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

	@Bean
	Declarables captureTopology() {
		return CaptureTopology.declarables();
	}

}
