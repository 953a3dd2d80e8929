package dev.screenshots.api.apikeys;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A key as admins see it. {@code key}, the secret, is present only in the answer that
 * created it.
 *
 * @param id the key id
 * @param name its name
 * @param tenant its tenant
 * @param role its role
 * @param prefix the first characters of the secret, to recognise it
 * @param submitsPerMinute its own submit rate, or absent for the default
 * @param maxInFlight its own in-flight limit, or absent for the default
 * @param allowHighPriority whether it may submit jobs with priority {@code high}
 * @param createdAt when it was created
 * @param revokedAt when it was revoked
 * @param key the secret (only on creation)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ApiKeyView(UUID id, String name, String tenant, Role role, String prefix, Integer submitsPerMinute,
		Integer maxInFlight, boolean allowHighPriority, Instant createdAt, Instant revokedAt, String key) {
}
