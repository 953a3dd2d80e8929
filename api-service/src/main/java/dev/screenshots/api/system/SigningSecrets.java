package dev.screenshots.api.system;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Per-tenant signing secrets kept in one table ({@code tenant}, {@code secret},
 * {@code created_at}, {@code previous_secret}, {@code previous_valid_until}): made on
 * first use, replaced by a rotation, after which the previous secret stays valid for a
 * grace period so that whoever holds it can switch without a gap. The webhook and the
 * render-link secrets are two tables of this shape.
 */
public class SigningSecrets {

	private final JdbcClient jdbc;

	private final String table;

	private final Supplier<String> generator;

	private final Duration rotationGrace;

	/**
	 * @param jdbc the database
	 * @param table the table, a constant of the subclass (it is written into the SQL)
	 * @param generator makes a new secret
	 * @param rotationGrace how long a rotated-out secret stays valid
	 */
	protected SigningSecrets(JdbcClient jdbc, String table, Supplier<String> generator, Duration rotationGrace) {
		this.jdbc = jdbc;
		this.table = table;
		this.generator = generator;
		this.rotationGrace = rotationGrace;
	}

	/**
	 * The tenant's secrets, made now if it has none.
	 * @param tenant the tenant
	 * @return the current secret, and the previous one while its grace period runs
	 */
	public Secrets forTenant(String tenant) {
		return read(tenant).orElseGet(() -> {
			this.jdbc
				.sql("INSERT INTO " + this.table + " (tenant, secret, created_at) VALUES (:tenant, :secret, :now)"
						+ " ON CONFLICT (tenant) DO NOTHING")
				.param("tenant", tenant)
				.param("secret", this.generator.get())
				.param("now", now())
				.update();
			return read(tenant).orElseThrow();
		});
	}

	/**
	 * The tenant's secrets if it has any, without making one.
	 * @param tenant the tenant
	 * @return the secrets, or empty
	 */
	public Optional<Secrets> read(String tenant) {
		return this.jdbc
			.sql("SELECT secret, previous_secret, previous_valid_until FROM " + this.table + " WHERE tenant = :tenant")
			.param("tenant", tenant)
			.query((rs, n) -> {
				OffsetDateTime until = rs.getObject("previous_valid_until", OffsetDateTime.class);
				boolean graced = until != null && until.toInstant().isAfter(Instant.now());
				return new Secrets(rs.getString("secret"), graced ? rs.getString("previous_secret") : null,
						graced ? until.toInstant() : null);
			})
			.optional();
	}

	/**
	 * Replaces the tenant's secret; the one it replaces stays valid for the grace period.
	 * @param tenant the tenant
	 * @return the new secrets
	 */
	public Secrets rotate(String tenant) {
		OffsetDateTime now = now();
		OffsetDateTime until = now.plus(this.rotationGrace);
		return this.jdbc
			.sql("INSERT INTO " + this.table + " (tenant, secret, created_at)"
					+ " VALUES (:tenant, :secret, :now) ON CONFLICT (tenant) DO UPDATE"
					+ " SET secret = EXCLUDED.secret, created_at = EXCLUDED.created_at, previous_secret = " + this.table
					+ ".secret, previous_valid_until = :until RETURNING secret, previous_secret")
			.param("tenant", tenant)
			.param("secret", this.generator.get())
			.param("now", now)
			.param("until", until)
			.query((rs, n) -> new Secrets(rs.getString("secret"), rs.getString("previous_secret"),
					(rs.getString("previous_secret") != null) ? until.toInstant() : null))
			.single();
	}

	/**
	 * The database, for a subclass's own columns of the table.
	 * @return the client
	 */
	protected JdbcClient jdbc() {
		return this.jdbc;
	}

	private static OffsetDateTime now() {
		return OffsetDateTime.now(ZoneOffset.UTC);
	}

	/**
	 * A tenant's signing secrets.
	 *
	 * @param current the secret that signs now
	 * @param previous the secret before the last rotation, while it is still valid, or
	 * {@code null}
	 * @param previousValidUntil when the previous secret stops being valid, or
	 * {@code null}
	 */
	public record Secrets(String current, String previous, Instant previousValidUntil) {

		/**
		 * The valid secrets, newest first.
		 * @return one or two secrets
		 */
		public List<String> valid() {
			List<String> valid = new ArrayList<>(List.of(this.current));
			if (this.previous != null) {
				valid.add(this.previous);
			}
			return valid;
		}

	}

}
