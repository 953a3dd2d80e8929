package dev.screenshots.api.apikeys;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * API key handling ({@code api.keys.*}).
 *
 * @param bootstrapAdminKey a key that is made an admin key of tenant
 * {@code bootstrap-tenant} at start-up if it does not exist yet (how the first key of a
 * fresh installation is created; never logged)
 * @param bootstrapTenant the tenant of the bootstrap key
 * @param cacheTtl how long a verified key is trusted without asking the database again; a
 * revoked key may keep working this long on other instances
 */
@Validated
@ConfigurationProperties("api.keys")
public record ApiKeyProperties(String bootstrapAdminKey, @DefaultValue("default") String bootstrapTenant,
		@DefaultValue("10s") @NotNull Duration cacheTtl) {

	@Override
	public String toString() {
		return "ApiKeyProperties[bootstrapAdminKey=" + ((this.bootstrapAdminKey != null) ? "(set)" : "(unset)")
				+ ", bootstrapTenant=" + this.bootstrapTenant + ", cacheTtl=" + this.cacheTtl + "]";
	}

}
