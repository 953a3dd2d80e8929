package dev.screenshots.api.apikeys;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the admin key given as {@code api.keys.bootstrap-admin-key} when it does not
 * exist yet: how a fresh installation gets its first key. The key itself is never logged.
 */
@Component
class ApiKeyBootstrap implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(ApiKeyBootstrap.class);

	private final ApiKeys keys;

	private final ApiKeyProperties properties;

	ApiKeyBootstrap(ApiKeys keys, ApiKeyProperties properties) {
		this.keys = keys;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) {
		String secret = this.properties.bootstrapAdminKey();
		if (secret == null || secret.isBlank()) {
			return;
		}
		if (!secret.startsWith(ApiKeys.PREFIX) || secret.length() < ApiKeys.PREFIX.length() + 24) {
			throw new IllegalStateException("api.keys.bootstrap-admin-key must start with '" + ApiKeys.PREFIX
					+ "' and carry at least 24 random characters after it");
		}
		this.keys
			.createIfAbsent(
					new NewApiKey("bootstrap admin", this.properties.bootstrapTenant(), Role.ADMIN, null, null, true),
					secret)
			.ifPresent((created) -> log.info("Created the bootstrap admin key {} ({}…) for tenant {}", created.id(),
					created.prefix(), created.tenant()));
	}

}
