package dev.screenshots.api.system;

import java.time.Instant;

/**
 * The times a client may give as filters and cursors: years 1 to 9999. ISO-8601 parsing
 * takes years up to a billion (`+999999-01-01T00:00:00Z`), PostgreSQL's timestamps end in
 * 294276 and Java's {@code OffsetDateTime} before a billion: such a time made the query
 * that used it fail, answered as a 500, where the client's mistake is a 400.
 */
public final class ClientTimes {

	/** The earliest time a client may give. */
	public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

	/** The latest time a client may give. */
	public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

	private ClientTimes() {
	}

	/**
	 * Whether a time is one a client may give.
	 * @param time the time
	 * @return {@code true} from {@link #EARLIEST} to {@link #LATEST}
	 */
	public static boolean allowed(Instant time) {
		return !time.isBefore(EARLIEST) && !time.isAfter(LATEST);
	}

	/**
	 * Checks a time a client gave.
	 * @param field the field or query parameter that holds it
	 * @param time the time, or {@code null} when not given
	 * @return the time
	 * @throws InvalidFieldException naming the field when the time is outside years 1 to
	 * 9999
	 */
	public static Instant check(String field, Instant time) {
		if (time != null && !allowed(time)) {
			throw new InvalidFieldException(field, "must be a time in the years 1 to 9999");
		}
		return time;
	}

}
