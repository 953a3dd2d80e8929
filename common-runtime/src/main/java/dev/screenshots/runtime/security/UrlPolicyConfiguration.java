package dev.screenshots.runtime.security;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The URL policy with system DNS and this service's infrastructure denied; imported by
 * each service.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UrlPolicyProperties.class)
public class UrlPolicyConfiguration {

	@Bean
	UrlPolicy urlPolicy(UrlPolicyProperties properties, Environment environment) {
		return UrlPolicy.withSystemDns(properties, InfrastructureTargets.of(environment));
	}

}
