package dev.screenshots.api.webhooks;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Each tenant's webhook signing secret, in the Standard Webhooks form {@code whsec_} +
 * base64 of 32 random bytes; made on first use, replaced by a rotation.
 */
@Repository
public class WebhookSecrets {

	static final String PREFIX = "whsec_";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;

	WebhookSecrets(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The tenant's secret, made now if it has none.
	 * @param tenant the tenant
	 * @return the secret
	 */
	public String forTenant(String tenant) {
		this.jdbc.sql("""
				INSERT INTO tenant_webhook_secrets (tenant, secret, created_at) VALUES (:tenant, :secret, :now)
				ON CONFLICT (tenant) DO NOTHING
				""").param("tenant", tenant).param("secret", generate()).param("now", now()).update();
		return this.jdbc.sql("SELECT secret FROM tenant_webhook_secrets WHERE tenant = :tenant")
			.param("tenant", tenant)
			.query(String.class)
			.single();
	}

	/**
	 * Replaces the tenant's secret; deliveries from now on are signed with the new one.
	 * @param tenant the tenant
	 * @return the new secret
	 */
	public String rotate(String tenant) {
		String secret = generate();
		this.jdbc.sql("""
				INSERT INTO tenant_webhook_secrets (tenant, secret, created_at) VALUES (:tenant, :secret, :now)
				ON CONFLICT (tenant) DO UPDATE SET secret = EXCLUDED.secret, created_at = EXCLUDED.created_at
				""").param("tenant", tenant).param("secret", secret).param("now", now()).update();
		return secret;
	}

	private static String generate() {
		byte[] key = new byte[32];
		RANDOM.nextBytes(key);
		return PREFIX + Base64.getEncoder().encodeToString(key);
	}

	private static OffsetDateTime now() {
		return OffsetDateTime.now(ZoneOffset.UTC);
	}

}
