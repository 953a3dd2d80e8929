package dev.screenshots.api.apikeys;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A request to create a key.
 *
 * @param name a name for people
 * @param tenant the tenant its jobs belong to
 * @param role its role
 * @param submitsPerMinute its own submit rate limit (optional)
 * @param maxInFlight its own limit of unfinished jobs (optional)
 * @param allowHighPriority whether it may submit jobs with priority {@code high}
 * (optional, default no; admin keys always may)
 */
record NewApiKey(
		@NotBlank @Size(max = 100) @Pattern(regexp = "[^\\x00]*",
				message = "must not contain a NUL character (\\u0000)") String name,
		@NotBlank @Size(max = 100) @Pattern(regexp = "[a-zA-Z0-9._-]+",
				message = "may contain letters, digits, '.', '_' and '-'") String tenant,
		@NotNull Role role, @Min(1) @Max(1_000_000) Integer submitsPerMinute,
		@Min(1) @Max(1_000_000) Integer maxInFlight, Boolean allowHighPriority) {

	/**
	 * Whether the key may submit {@code high} jobs.
	 * @return as asked, or {@code true} for an admin key
	 */
	boolean highPriorityAllowed() {
		return this.role == Role.ADMIN || Boolean.TRUE.equals(this.allowHighPriority);
	}

}
