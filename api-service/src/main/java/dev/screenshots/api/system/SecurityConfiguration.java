package dev.screenshots.api.system;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.screenshots.model.security.UrlPolicyConfiguration;

/**
 * Security of the API: the URL policy submitted URLs are checked against.
 */
@Configuration(proxyBeanMethods = false)
@Import(UrlPolicyConfiguration.class)
class SecurityConfiguration {

}
