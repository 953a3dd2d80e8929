package dev.screenshots.worker.system;

import org.flywaydb.core.api.exception.FlywayValidateException;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The worker never changes the schema: api-service applies the migrations in
 * {@code db/migrations}, and the worker only checks at start-up that the database matches
 * them, failing fast otherwise.
 */
@Configuration(proxyBeanMethods = false)
class SchemaValidationConfiguration {

	@Bean
	FlywayMigrationStrategy validateOnly() {
		return (flyway) -> {
			try {
				flyway.validate();
			}
			catch (FlywayValidateException ex) {
				throw new IllegalStateException("The database schema does not match db/migrations. The worker only"
						+ " validates the schema; start api-service first, which applies the migrations. "
						+ ex.getMessage(), ex);
			}
		};
	}

}
