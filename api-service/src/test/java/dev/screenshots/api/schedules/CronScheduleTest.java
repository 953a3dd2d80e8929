package dev.screenshots.api.schedules;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.screenshots.api.system.InvalidFieldException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CronScheduleTest {

	@Test
	void fiveFieldsAreReadWithTheSecondsAtZeroInTheScheduleZone() {
		CronSchedule nineInBerlin = CronSchedule.of("0 9 * * *", "Europe/Berlin", Duration.ofMinutes(1));

		// 27 November: Berlin is UTC+1
		assertThat(nineInBerlin.nextAfter(Instant.parse("2026-11-27T07:00:00Z")))
			.isEqualTo(Instant.parse("2026-11-27T08:00:00Z"));
		// 1 July: UTC+2
		assertThat(nineInBerlin.nextAfter(Instant.parse("2026-07-01T06:30:00Z")))
			.isEqualTo(Instant.parse("2026-07-01T07:00:00Z"));
	}

	@Test
	void sixFieldsAndMacrosAreRead() {
		assertThat(CronSchedule.of("30 */5 * * * *", "UTC", Duration.ofMinutes(1))
			.nextAfter(Instant.parse("2026-11-27T10:01:00Z"))).isEqualTo(Instant.parse("2026-11-27T10:05:30Z"));
		assertThat(CronSchedule.of("@daily", "UTC", Duration.ofMinutes(1))
			.nextAfter(Instant.parse("2026-11-27T10:01:00Z"))).isEqualTo(Instant.parse("2026-11-28T00:00:00Z"));
	}

	@Test
	void mistakesNameTheField() {
		assertThatExceptionOfType(InvalidFieldException.class)
			.isThrownBy(() -> CronSchedule.of("every hour", "UTC", Duration.ofMinutes(1)))
			.satisfies((ex) -> assertThat(ex.getMessage()).isNotNull());
		assertThatExceptionOfType(InvalidFieldException.class)
			.isThrownBy(() -> CronSchedule.of("0 9 * * *", "Mars/Olympus", Duration.ofMinutes(1)));
	}

	@Test
	void runsCloserThanTheMinimumAnywhereInTheNextFiringsAreRefused() {
		// twice at noon, 30 seconds apart: the first two firings of a day may be a day
		// apart
		assertThatExceptionOfType(InvalidFieldException.class)
			.isThrownBy(() -> CronSchedule.of("0,30 0 12 * * *", "UTC", Duration.ofMinutes(1)));
		assertThatExceptionOfType(InvalidFieldException.class)
			.isThrownBy(() -> CronSchedule.of("* * * * *", "UTC", Duration.ofMinutes(5)));
		CronSchedule.of("*/5 * * * *", "UTC", Duration.ofMinutes(5));
	}

}
