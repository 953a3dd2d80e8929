package dev.screenshots.model.capture;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Where to announce a job's outcome: a signed POST (Standard Webhooks) to {@code url}
 * when the job reaches one of {@code events}.
 *
 * @param url an absolute http or https URL, subject to the same URL policy as capture
 * URLs
 * @param events the terminal statuses to announce, and {@code changed} (a comparison
 * found a change); {@code completed} and {@code failed} when absent
 */
public record Webhook(@NotNull @HttpUrl @Size(max = 2048) String url, @Size(min = 1, max = 4) List<Event> events) {

	public Webhook {
		events = (events != null) ? List.copyOf(events) : List.of(Event.COMPLETED, Event.FAILED);
	}

	/**
	 * The events as stored: comma-separated, without duplicates.
	 * @return e.g. {@code completed,failed}
	 */
	public String eventsValue() {
		return this.events.stream().map(Event::value).distinct().collect(Collectors.joining(","));
	}

	/**
	 * What a webhook may announce: a terminal status, or a change a comparison found.
	 */
	public enum Event {

		COMPLETED("completed"), FAILED("failed"), CANCELLED("cancelled"),
		/** A completed comparison found a change beyond {@code maxMismatchPercent}. */
		CHANGED("changed");

		private final String value;

		Event(String value) {
			this.value = value;
		}

		@JsonValue
		public String value() {
			return this.value;
		}

		@JsonCreator
		public static Event of(String value) {
			for (Event event : values()) {
				if (event.value.equals(value)) {
					return event;
				}
			}
			throw new IllegalArgumentException("webhook events are "
					+ Arrays.stream(values()).map(Event::value).collect(Collectors.joining(", ")) + "; got " + value);
		}

	}

}
