package dev.screenshots.api.apikeys;

import java.util.UUID;

import org.springframework.http.HttpStatus;

import dev.screenshots.api.system.ApiProblemException;

/**
 * No key with that id.
 */
public class ApiKeyNotFoundException extends ApiProblemException {

	public ApiKeyNotFoundException(UUID id) {
		super(HttpStatus.NOT_FOUND, "API_KEY_NOT_FOUND", "API key not found", "No API key with id " + id);
	}

}
