package dev.screenshots.api.screenshots;

/**
 * The caller asked for priority {@code high}, which its API key may not use.
 */
public class PriorityNotAllowedException extends RuntimeException {

	public PriorityNotAllowedException() {
		super("This API key may not submit jobs with priority 'high'; ask an admin for a key that allows it "
				+ "(POST /admin/api-keys with \"allowHighPriority\": true), or submit with 'normal' or 'low'");
	}

}
