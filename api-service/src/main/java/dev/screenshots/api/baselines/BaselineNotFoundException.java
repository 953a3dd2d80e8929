package dev.screenshots.api.baselines;

import org.springframework.http.HttpStatus;

import dev.screenshots.api.system.ApiProblemException;

/**
 * The tenant has no baseline of that name (or no such version of it).
 */
public class BaselineNotFoundException extends ApiProblemException {

	BaselineNotFoundException(String name) {
		super(HttpStatus.NOT_FOUND, "BASELINE_NOT_FOUND", "Baseline not found", "There is no baseline '" + name + "'");
	}

}
