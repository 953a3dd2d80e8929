package dev.screenshots.api.apikeys;

import java.util.UUID;

/**
 * No key with that id.
 */
public class ApiKeyNotFoundException extends RuntimeException {

	public ApiKeyNotFoundException(UUID id) {
		super("No API key with id " + id);
	}

}
