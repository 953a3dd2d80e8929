package dev.screenshots.api.admin;

import java.time.Instant;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Which dead letters a bulk redrive takes; every field is optional and they combine.
 *
 * @param errorCode only jobs that failed with this code
 * @param since only those dead-lettered at or after this time
 * @param until only those dead-lettered before this time
 */
record RedriveFilter(@Size(max = 64) @Pattern(regexp = "[A-Z_]+", message = "must be an error code") String errorCode,
		Instant since, Instant until) {
}
