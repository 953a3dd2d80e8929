package dev.screenshots.runtime.outbox;

/**
 * A message was written to the outbox; once its transaction commits, the relay publishes
 * it.
 *
 * @param id the outbox row id
 */
public record OutboxMessageWritten(long id) {
}
