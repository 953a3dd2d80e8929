package dev.screenshots.api.schedules;

import org.springframework.http.HttpStatus;

import dev.screenshots.api.system.ApiProblemException;

/**
 * The tenant has no schedule of that id.
 */
public class ScheduleNotFoundException extends ApiProblemException {

	ScheduleNotFoundException(String id) {
		super(HttpStatus.NOT_FOUND, "SCHEDULE_NOT_FOUND", "Schedule not found", "There is no schedule " + id);
	}

}
