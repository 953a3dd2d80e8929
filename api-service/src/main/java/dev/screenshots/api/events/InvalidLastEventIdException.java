package dev.screenshots.api.events;

/**
 * A {@code Last-Event-ID} that is not an event id this API gave out (a non-negative
 * number).
 */
public class InvalidLastEventIdException extends RuntimeException {

	InvalidLastEventIdException(String value) {
		super("Last-Event-ID must be the id of an event of this stream (a non-negative number); got '"
				+ ((value.length() > 40) ? value.substring(0, 40) + "…" : value) + "'");
	}

}
