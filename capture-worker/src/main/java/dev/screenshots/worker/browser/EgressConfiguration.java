package dev.screenshots.worker.browser;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.screenshots.runtime.security.UrlPolicyConfiguration;

/**
 * The URL policy every sandbox's egress proxy enforces.
 */
@Configuration(proxyBeanMethods = false)
@Import(UrlPolicyConfiguration.class)
class EgressConfiguration {

}
