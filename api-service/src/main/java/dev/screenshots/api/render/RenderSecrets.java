package dev.screenshots.api.render;

import java.security.SecureRandom;
import java.util.HexFormat;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.screenshots.api.system.SigningSecrets;

/**
 * Each tenant's render-link signing secret, {@value #PREFIX} + 64 hex digits (32 random
 * bytes); made on first use, replaced by a rotation, after which the previous one still
 * verifies links for {@code api.render.rotation-grace}. The HMAC key is the whole secret,
 * prefix included, as UTF-8 bytes. Also whether the tenant accepts links that never
 * expire.
 */
@Repository
class RenderSecrets extends SigningSecrets {

	static final String PREFIX = "rsec_";

	private static final SecureRandom RANDOM = new SecureRandom();

	RenderSecrets(JdbcClient jdbc, RenderProperties properties) {
		super(jdbc, "tenant_render_secrets", RenderSecrets::generate, properties.rotationGrace());
	}

	/**
	 * Whether the tenant accepts links without {@code expires}.
	 * @param tenant the tenant
	 * @return {@code false} unless it turned them on
	 */
	boolean allowsLinksWithoutExpiry(String tenant) {
		return jdbc().sql("SELECT allow_no_expiry FROM tenant_render_secrets WHERE tenant = :tenant")
			.param("tenant", tenant)
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	/**
	 * Turns links without {@code expires} on or off for the tenant (making its secret if
	 * it has none).
	 * @param tenant the tenant
	 * @param allow whether they are accepted
	 */
	void allowLinksWithoutExpiry(String tenant, boolean allow) {
		forTenant(tenant);
		jdbc().sql("UPDATE tenant_render_secrets SET allow_no_expiry = :allow WHERE tenant = :tenant")
			.param("tenant", tenant)
			.param("allow", allow)
			.update();
	}

	private static String generate() {
		byte[] key = new byte[32];
		RANDOM.nextBytes(key);
		return PREFIX + HexFormat.of().formatHex(key);
	}

}
