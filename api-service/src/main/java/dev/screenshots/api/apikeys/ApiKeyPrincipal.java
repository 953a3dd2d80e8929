package dev.screenshots.api.apikeys;

import java.util.UUID;

/**
 * The caller behind an authenticated request.
 *
 * @param keyId the key's id
 * @param name the key's name
 * @param tenant the tenant the caller acts for; every job it creates belongs to it
 * @param role what it may do
 * @param submitsPerMinute its own submit rate limit, or {@code null} for the default
 * @param maxInFlight its own limit of unfinished jobs, or {@code null} for the default
 * @param allowHighPriority whether it may submit jobs with priority {@code high}
 */
public record ApiKeyPrincipal(UUID keyId, String name, String tenant, Role role, Integer submitsPerMinute,
		Integer maxInFlight, boolean allowHighPriority) {
}
