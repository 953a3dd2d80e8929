package dev.screenshots.api.schedules;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.springframework.scheduling.support.CronExpression;

import dev.screenshots.api.system.InvalidFieldException;

/**
 * A schedule's cron expression in its time zone, read with Spring's
 * {@link CronExpression} (a kept library: seconds-first six fields, macros such as
 * {@code @daily}); the usual five fields are taken with the seconds at 0.
 *
 * @param expression the expression
 * @param zone the time zone
 */
record CronSchedule(CronExpression expression, ZoneId zone) {

	/**
	 * Reads a schedule's cron and time zone.
	 * @param cron the expression as given
	 * @param timeZone the zone
	 * @param minInterval the shortest time allowed between two runs
	 * @return the schedule
	 * @throws InvalidFieldException naming {@code cron} or {@code timeZone}
	 */
	static CronSchedule of(String cron, String timeZone, Duration minInterval) {
		ZoneId zone;
		try {
			zone = ZoneId.of(timeZone);
		}
		catch (DateTimeException ex) {
			throw new InvalidFieldException("timeZone", "must be an IANA time zone such as Europe/Berlin");
		}
		String text = cron.strip();
		if (!text.startsWith("@") && text.split("\\s+").length == 5) {
			text = "0 " + text;
		}
		CronExpression expression;
		try {
			expression = CronExpression.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidFieldException("cron",
					"must be a cron expression of 5 fields (minute hour day month weekday), 6 (seconds first) or a "
							+ "macro such as @daily: " + ex.getMessage());
		}
		CronSchedule schedule = new CronSchedule(expression, zone);
		Instant first = schedule.nextAfter(Instant.now());
		if (first == null) {
			throw new InvalidFieldException("cron", "never runs");
		}
		// the closest two of the next firings (a year's worth for a daily cron)
		Instant previous = first;
		for (int i = 0; i < 400 && previous != null && !minInterval.isZero(); i++) {
			Instant following = schedule.nextAfter(previous);
			if (following != null && Duration.between(previous, following).compareTo(minInterval) < 0) {
				throw new InvalidFieldException("cron", "runs more often than every " + minInterval.toSeconds()
						+ " seconds (api.schedules.min-interval)");
			}
			previous = following;
		}
		return schedule;
	}

	/**
	 * The first run time after an instant.
	 * @param after the instant
	 * @return the next run, or {@code null} when there is none
	 */
	Instant nextAfter(Instant after) {
		ZonedDateTime next = this.expression.next(after.atZone(this.zone));
		return (next != null) ? next.toInstant() : null;
	}

}
