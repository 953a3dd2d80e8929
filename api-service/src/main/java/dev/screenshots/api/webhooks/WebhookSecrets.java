package dev.screenshots.api.webhooks;

import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.screenshots.api.system.SigningSecrets;

/**
 * Each tenant's webhook signing secret, in the Standard Webhooks form {@code whsec_} +
 * base64 of 32 random bytes; made on first use, replaced by a rotation. After a rotation
 * the previous secret keeps signing (a second signature in {@code webhook-signature}) for
 * {@code api.webhooks.rotation-grace}, so receivers can switch without dropping
 * deliveries.
 */
@Repository
public class WebhookSecrets extends SigningSecrets {

	static final String PREFIX = "whsec_";

	private static final SecureRandom RANDOM = new SecureRandom();

	WebhookSecrets(JdbcClient jdbc, WebhookProperties properties) {
		super(jdbc, "tenant_webhook_secrets", WebhookSecrets::generate, properties.rotationGrace());
	}

	private static String generate() {
		byte[] key = new byte[32];
		RANDOM.nextBytes(key);
		return PREFIX + Base64.getEncoder().encodeToString(key);
	}

}
