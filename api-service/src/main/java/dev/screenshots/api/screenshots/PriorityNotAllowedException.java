package dev.screenshots.api.screenshots;

import org.springframework.http.HttpStatus;

import dev.screenshots.api.system.ApiProblemException;

/**
 * The caller asked for priority {@code high}, which its API key may not use.
 */
public class PriorityNotAllowedException extends ApiProblemException {

	public PriorityNotAllowedException() {
		super(HttpStatus.FORBIDDEN, "PRIORITY_NOT_ALLOWED", "Priority not allowed",
				"This API key may not submit jobs with priority 'high'; ask an admin for a key that allows it "
						+ "(POST /admin/api-keys with \"allowHighPriority\": true), or submit with 'normal' or 'low'");
	}

}
