package dev.screenshots.api.outbox;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A message waiting to be published, written in the same transaction as the change it
 * announces.
 */
@Entity
@Table(name = "outbox_messages")
class OutboxMessage {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private UUID jobId;

	private String exchange;

	private String routingKey;

	private String payload;

	private Instant createdAt;

	protected OutboxMessage() {
	}

	OutboxMessage(UUID jobId, String exchange, String routingKey, String payload, Instant createdAt) {
		this.jobId = jobId;
		this.exchange = exchange;
		this.routingKey = routingKey;
		this.payload = payload;
		this.createdAt = createdAt;
	}

	Long id() {
		return this.id;
	}

}
