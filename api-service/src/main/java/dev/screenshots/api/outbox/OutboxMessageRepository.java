package dev.screenshots.api.outbox;

import org.springframework.data.jpa.repository.JpaRepository;

interface OutboxMessageRepository extends JpaRepository<OutboxMessage, Long> {

}
