package dev.screenshots.api.screenshots;

import org.springframework.http.HttpStatus;

import dev.screenshots.api.system.ApiProblemException;

/**
 * No batch with this id in the caller's tenant.
 */
class BatchNotFoundException extends ApiProblemException {

	BatchNotFoundException(String id) {
		super(HttpStatus.NOT_FOUND, "BATCH_NOT_FOUND", "Batch not found", "No batch " + id);
	}

}
