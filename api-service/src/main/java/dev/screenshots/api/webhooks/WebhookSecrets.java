package dev.screenshots.api.webhooks;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Each tenant's webhook signing secret, in the Standard Webhooks form {@code whsec_} +
 * base64 of 32 random bytes; made on first use, replaced by a rotation. After a rotation
 * the previous secret keeps signing (a second signature in {@code webhook-signature}) for
 * {@code api.webhooks.rotation-grace}, so receivers can switch without dropping
 * deliveries.
 */
@Repository
public class WebhookSecrets {

	static final String PREFIX = "whsec_";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;

	private final WebhookProperties properties;

	WebhookSecrets(JdbcClient jdbc, WebhookProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	/**
	 * The tenant's secrets, made now if it has none.
	 * @param tenant the tenant
	 * @return the current secret, and the previous one while its grace period runs
	 */
	public Secrets forTenant(String tenant) {
		return read(tenant).orElseGet(() -> {
			this.jdbc.sql("""
					INSERT INTO tenant_webhook_secrets (tenant, secret, created_at) VALUES (:tenant, :secret, :now)
					ON CONFLICT (tenant) DO NOTHING
					""").param("tenant", tenant).param("secret", generate()).param("now", now()).update();
			return read(tenant).orElseThrow();
		});
	}

	private Optional<Secrets> read(String tenant) {
		return this.jdbc.sql("""
				SELECT secret, previous_secret, previous_valid_until FROM tenant_webhook_secrets
				WHERE tenant = :tenant
				""").param("tenant", tenant).query((rs, n) -> {
			OffsetDateTime until = rs.getObject("previous_valid_until", OffsetDateTime.class);
			boolean graced = until != null && until.toInstant().isAfter(Instant.now());
			return new Secrets(rs.getString("secret"), graced ? rs.getString("previous_secret") : null,
					graced ? until.toInstant() : null);
		}).optional();
	}

	/**
	 * Replaces the tenant's secret; the one it replaces keeps signing for the grace
	 * period.
	 * @param tenant the tenant
	 * @return the new secrets
	 */
	public Secrets rotate(String tenant) {
		String secret = generate();
		OffsetDateTime now = now();
		OffsetDateTime until = now.plus(this.properties.rotationGrace());
		return this.jdbc.sql("""
				INSERT INTO tenant_webhook_secrets (tenant, secret, created_at) VALUES (:tenant, :secret, :now)
				ON CONFLICT (tenant) DO UPDATE
				SET secret = EXCLUDED.secret, created_at = EXCLUDED.created_at,
				    previous_secret = tenant_webhook_secrets.secret, previous_valid_until = :until
				RETURNING secret, previous_secret
				""")
			.param("tenant", tenant)
			.param("secret", secret)
			.param("now", now)
			.param("until", until)
			.query((rs, n) -> new Secrets(rs.getString("secret"), rs.getString("previous_secret"),
					(rs.getString("previous_secret") != null) ? until.toInstant() : null))
			.single();
	}

	private static String generate() {
		byte[] key = new byte[32];
		RANDOM.nextBytes(key);
		return PREFIX + Base64.getEncoder().encodeToString(key);
	}

	private static OffsetDateTime now() {
		return OffsetDateTime.now(ZoneOffset.UTC);
	}

	/**
	 * A tenant's signing secrets.
	 *
	 * @param current the secret deliveries are signed with
	 * @param previous the secret before the last rotation, while it still signs, or
	 * {@code null}
	 * @param previousValidUntil when the previous secret stops signing, or {@code null}
	 */
	public record Secrets(String current, String previous, Instant previousValidUntil) {

		/**
		 * The secrets that sign a delivery, newest first.
		 * @return one or two secrets
		 */
		public List<String> signing() {
			List<String> signing = new ArrayList<>(List.of(this.current));
			if (this.previous != null) {
				signing.add(this.previous);
			}
			return signing;
		}

	}

}
