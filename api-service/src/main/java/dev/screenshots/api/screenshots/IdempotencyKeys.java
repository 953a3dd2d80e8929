package dev.screenshots.api.screenshots;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

/**
 * Remembered {@code Idempotency-Key}s, per tenant: which request (by hash) created which
 * job.
 */
@Repository
class IdempotencyKeys {

	private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);

	private final JdbcClient jdbc;

	private final IdempotencyProperties properties;

	IdempotencyKeys(JdbcClient jdbc, IdempotencyProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	/**
	 * A remembered key.
	 *
	 * @param requestSha256 the hash of the request that first used it
	 * @param jobId the job that request created
	 */
	record Entry(String requestSha256, UUID jobId) {
	}

	Optional<Entry> find(String tenant, String key) {
		return this.jdbc.sql("""
				SELECT request_sha256, job_id FROM idempotency_keys
				WHERE tenant = :tenant AND idempotency_key = :key AND expires_at > now()
				""")
			.param("tenant", tenant)
			.param("key", key)
			.query((rs, row) -> new Entry(rs.getString("request_sha256"), rs.getObject("job_id", UUID.class)))
			.optional();
	}

	/**
	 * Records a key for a job created in the current transaction. When another
	 * transaction holds the same key, this waits for it: after it commits, the key is
	 * taken and this returns {@code false}.
	 * @param tenant the tenant
	 * @param key the key
	 * @param requestSha256 the request hash
	 * @param jobId the new job
	 * @return whether the key is now this job's
	 */
	boolean claim(String tenant, String key, String requestSha256, UUID jobId) {
		return this.jdbc.sql("""
				INSERT INTO idempotency_keys (tenant, idempotency_key, request_sha256, job_id, created_at, expires_at)
				VALUES (:tenant, :key, :sha256, :jobId, :now, now() + :ttlMillis * interval '1 millisecond')
				ON CONFLICT (tenant, idempotency_key) DO UPDATE
				SET request_sha256 = EXCLUDED.request_sha256, job_id = EXCLUDED.job_id,
				    created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
				WHERE idempotency_keys.expires_at <= now()
				""")
			.param("tenant", tenant)
			.param("key", key)
			.param("sha256", requestSha256)
			.param("jobId", jobId)
			.param("now", OffsetDateTime.now(ZoneOffset.UTC))
			.param("ttlMillis", this.properties.ttl().toMillis())
			.update() == 1;
	}

	@Scheduled(fixedDelay = 3_600_000, initialDelay = 60_000)
	void purgeExpired() {
		int purged = this.jdbc.sql("""
				DELETE FROM idempotency_keys WHERE (tenant, idempotency_key) IN (
				    SELECT tenant, idempotency_key FROM idempotency_keys WHERE expires_at <= now() LIMIT 10000)
				""").update();
		if (purged > 0) {
			log.debug("Purged {} expired idempotency keys", purged);
		}
	}

}
