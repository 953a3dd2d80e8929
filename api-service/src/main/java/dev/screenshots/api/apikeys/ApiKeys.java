package dev.screenshots.api.apikeys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import dev.screenshots.api.system.DatabaseNotifications;

/**
 * Creates, lists, revokes and verifies API keys. A key is {@value #PREFIX} and 32 random
 * base-62 characters (190 bits); only its SHA-256 hash is stored, so a database leak
 * reveals no usable key. Verified keys are cached for {@code api.keys.cache-ttl}; a
 * change to any key, on any instance, clears the cache through {@code LISTEN api_keys}.
 */
@Service
public class ApiKeys {

	static final String PREFIX = "ssk_";

	private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;

	private final ApiKeyProperties properties;

	private final Map<String, Cached> cache = new ConcurrentHashMap<>();

	private record Cached(Optional<ApiKeyPrincipal> principal, long expiresAtNanos) {
	}

	ApiKeys(JdbcClient jdbc, ApiKeyProperties properties, DatabaseNotifications notifications) {
		this.jdbc = jdbc;
		this.properties = properties;
		// a key changed (revoked) through any instance: forget every verified key
		notifications.subscribe("api_keys", (keyId) -> this.cache.clear(), this.cache::clear);
	}

	/**
	 * Finds the live key with this secret.
	 * @param secret the bearer token
	 * @return the caller, or empty for an unknown or revoked key
	 */
	public Optional<ApiKeyPrincipal> authenticate(String secret) {
		if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
			return Optional.empty();
		}
		String hash = sha256(secret);
		return cached(hash,
				() -> this.jdbc.sql("SELECT * FROM api_keys WHERE key_hash = :hash AND revoked_at IS NULL")
					.param("hash", hash)
					.query((rs, row) -> principal(rs))
					.optional());
	}

	/**
	 * Finds the live key with this id, for requests that name their key rather than
	 * present it (signed render links, whose signature is checked separately).
	 * @param id the key's id
	 * @return the key's holder, or empty for an unknown or revoked key
	 */
	public Optional<ApiKeyPrincipal> byId(UUID id) {
		return cached("id:" + id,
				() -> this.jdbc.sql("SELECT * FROM api_keys WHERE id = :id AND revoked_at IS NULL")
					.param("id", id)
					.query((rs, row) -> principal(rs))
					.optional());
	}

	/**
	 * A key looked up by its hash or its id, from the cache while that is fresh.
	 */
	private Optional<ApiKeyPrincipal> cached(String cacheKey, Supplier<Optional<ApiKeyPrincipal>> lookup) {
		long now = System.nanoTime();
		Cached cached = this.cache.get(cacheKey);
		if (cached != null && cached.expiresAtNanos() - now > 0) {
			return cached.principal();
		}
		Optional<ApiKeyPrincipal> principal = lookup.get();
		if (this.cache.size() > 10_000) {
			this.cache.clear();
		}
		this.cache.put(cacheKey, new Cached(principal, now + this.properties.cacheTtl().toNanos()));
		return principal;
	}

	ApiKeyView create(NewApiKey request) {
		return create(request, generateSecret());
	}

	/**
	 * Creates a key with a given secret (the bootstrap key), unless a key with that
	 * secret exists.
	 * @param request the key's attributes
	 * @param secret the secret
	 * @return the new key, or empty if it existed
	 */
	Optional<ApiKeyView> createIfAbsent(NewApiKey request, String secret) {
		boolean exists = this.jdbc.sql("SELECT count(*) FROM api_keys WHERE key_hash = :hash")
			.param("hash", sha256(secret))
			.query(Long.class)
			.single() > 0;
		return exists ? Optional.empty() : Optional.of(create(request, secret));
	}

	private ApiKeyView create(NewApiKey request, String secret) {
		UUID id = UUID.randomUUID();
		Instant now = Instant.now();
		String prefix = secret.substring(0, Math.min(secret.length(), PREFIX.length() + 6));
		this.jdbc.sql("""
				INSERT INTO api_keys (id, name, tenant, role, key_hash, key_prefix, submits_per_minute, max_in_flight,
				                      allow_high_priority, created_at)
				VALUES (:id, :name, :tenant, :role, :hash, :prefix, :rate, :inFlight, :high, :now)
				""")
			.param("id", id)
			.param("name", request.name())
			.param("tenant", request.tenant())
			.param("role", request.role().value())
			.param("hash", sha256(secret))
			.param("prefix", prefix)
			.param("rate", request.submitsPerMinute())
			.param("inFlight", request.maxInFlight())
			.param("high", request.highPriorityAllowed())
			.param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
			.update();
		return new ApiKeyView(id, request.name(), request.tenant(), request.role(), prefix, request.submitsPerMinute(),
				request.maxInFlight(), request.highPriorityAllowed(), now, null, secret);
	}

	List<ApiKeyView> list() {
		return this.jdbc.sql("SELECT * FROM api_keys ORDER BY created_at DESC LIMIT 10000")
			.query((rs, row) -> view(rs))
			.list();
	}

	/**
	 * Revokes a key; it stops working at once on this instance, and on the others as soon
	 * as the {@code api_keys} notification (migration V9) reaches them; without the
	 * listener, within {@code api.keys.cache-ttl}.
	 * @param id the key
	 * @return the revoked key, or empty if there is none
	 */
	Optional<ApiKeyView> revoke(UUID id) {
		this.jdbc.sql("UPDATE api_keys SET revoked_at = now() WHERE id = :id AND revoked_at IS NULL")
			.param("id", id)
			.update();
		this.cache.clear();
		return this.jdbc.sql("SELECT * FROM api_keys WHERE id = :id")
			.param("id", id)
			.query((rs, row) -> view(rs))
			.optional();
	}

	static String generateSecret() {
		StringBuilder secret = new StringBuilder(PREFIX);
		for (int i = 0; i < 32; i++) {
			secret.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return secret.toString();
	}

	static String sha256(String secret) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256")
					.digest(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ApiKeyPrincipal principal(ResultSet rs) throws SQLException {
		return new ApiKeyPrincipal(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("tenant"),
				Role.of(rs.getString("role")), (Integer) rs.getObject("submits_per_minute"),
				(Integer) rs.getObject("max_in_flight"), rs.getBoolean("allow_high_priority"));
	}

	private static ApiKeyView view(ResultSet rs) throws SQLException {
		Timestamp revoked = rs.getTimestamp("revoked_at");
		return new ApiKeyView(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("tenant"),
				Role.of(rs.getString("role")), rs.getString("key_prefix"), (Integer) rs.getObject("submits_per_minute"),
				(Integer) rs.getObject("max_in_flight"), rs.getBoolean("allow_high_priority"),
				rs.getTimestamp("created_at").toInstant(), (revoked != null) ? revoked.toInstant() : null, null);
	}

}
