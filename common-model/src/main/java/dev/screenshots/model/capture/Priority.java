package dev.screenshots.model.capture;

import java.util.Arrays;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How soon a job is captured relative to others: a {@code high} job overtakes every
 * {@code normal} and {@code low} job still waiting in the work queue, a {@code normal}
 * one every {@code low} one. The work queue is a RabbitMQ priority queue, and each job's
 * messages (first delivery, retries, hand-backs, redrives) carry its {@link #level()}.
 * Jobs a worker has already taken are not overtaken.
 */
public enum Priority {

	/** Ahead of everything waiting; only for API keys allowed to use it. */
	HIGH("high", 2),

	/** The default. */
	NORMAL("normal", 1),

	/** Behind everything else: batch work that may wait. */
	LOW("low", 0);

	/** The highest {@link #level()}: the work queue's {@code x-max-priority}. */
	public static final int MAX_LEVEL = 2;

	private final String value;

	private final int level;

	Priority(String value, int level) {
		this.value = value;
		this.level = level;
	}

	@JsonValue
	public String value() {
		return this.value;
	}

	/**
	 * The AMQP message priority.
	 * @return 0 (low) to {@link #MAX_LEVEL} (high)
	 */
	public int level() {
		return this.level;
	}

	/**
	 * Reads a priority by its name.
	 * @param value {@code high}, {@code normal} or {@code low}
	 * @return the priority
	 * @throws IllegalArgumentException for anything else
	 */
	@JsonCreator
	public static Priority of(String value) {
		for (Priority priority : values()) {
			if (priority.value.equals(value)) {
				return priority;
			}
		}
		throw new IllegalArgumentException("priority must be one of "
				+ Arrays.stream(values()).map(Priority::value).collect(Collectors.joining(", ")) + "; got " + value);
	}

}
