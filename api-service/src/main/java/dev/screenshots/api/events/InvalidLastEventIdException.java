package dev.screenshots.api.events;

import org.springframework.http.HttpStatus;

import dev.screenshots.api.system.ApiProblemException;

/**
 * A {@code Last-Event-ID} that is not an event id this API gave out (a non-negative
 * number).
 */
public class InvalidLastEventIdException extends ApiProblemException {

	InvalidLastEventIdException(String value) {
		super(HttpStatus.BAD_REQUEST, "INVALID_LAST_EVENT_ID", "Invalid Last-Event-ID",
				"Last-Event-ID must be the id of an event of this stream (a non-negative number); got '"
						+ ((value.length() > 40) ? value.substring(0, 40) + "…" : value) + "'");
	}

}
