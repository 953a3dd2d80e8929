-- Reliability: retries with backoff, leases and heartbeats, cancellation, dead letters,
-- idempotency keys, retention, and an outbox both services publish through.

ALTER TABLE screenshot_jobs DROP CONSTRAINT screenshot_jobs_status_check;
ALTER TABLE screenshot_jobs ADD CONSTRAINT screenshot_jobs_status_check
    CHECK (status IN ('pending', 'processing', 'validating', 'creating_sandbox', 'syncing_files',
                      'capturing', 'storing', 'completed', 'failed', 'cancelled'));

ALTER TABLE screenshot_jobs
    -- the claim's lease: renewed by the holding worker's heartbeat; past it, another worker may take over
    ADD COLUMN lease_expires_at   timestamptz,
    -- while waiting for a retry: when the next attempt is due, and why the last one failed
    ADD COLUMN next_attempt_at    timestamptz,
    ADD COLUMN last_error_code    varchar(64),
    ADD COLUMN last_error_message text,
    ADD COLUMN first_failed_at    timestamptz,
    ADD COLUMN last_failed_at     timestamptz,
    -- retention: set when the image was deleted and the row marked expired
    ADD COLUMN expired_at         timestamptz;

CREATE INDEX screenshot_jobs_leases ON screenshot_jobs (lease_expires_at)
    WHERE status IN ('processing', 'validating', 'creating_sandbox', 'syncing_files', 'capturing', 'storing');
CREATE INDEX screenshot_jobs_retention ON screenshot_jobs (finished_at)
    WHERE expired_at IS NULL AND status IN ('completed', 'failed', 'cancelled');
CREATE INDEX screenshot_jobs_worker ON screenshot_jobs (worker_id)
    WHERE status IN ('processing', 'validating', 'creating_sandbox', 'syncing_files', 'capturing', 'storing');

-- Messages may now be any bytes (a poison message's copy) and carry headers (dead-letter reasons).
ALTER TABLE outbox_messages ALTER COLUMN payload TYPE bytea USING convert_to(payload, 'UTF8');
ALTER TABLE outbox_messages ADD COLUMN headers jsonb NOT NULL DEFAULT '{}';
ALTER TABLE outbox_messages ALTER COLUMN job_id DROP NOT NULL;

-- The capture-worker fleet, one row per worker process.
CREATE TABLE workers (
    id                varchar(200) PRIMARY KEY,
    host              varchar(255) NOT NULL,
    pid               bigint       NOT NULL,
    status            varchar(16)  NOT NULL CHECK (status IN ('idle', 'busy', 'offline')),
    pool_size         integer      NOT NULL,
    busy_slots        integer      NOT NULL DEFAULT 0,
    current_jobs      uuid[]       NOT NULL DEFAULT '{}',
    started_at        timestamptz  NOT NULL,
    last_heartbeat_at timestamptz  NOT NULL,
    stopped_at        timestamptz
);

-- The index of the dead-letter queue: one open row per dead-lettered job (or unreadable message).
CREATE TABLE dead_letters (
    id               bigserial    PRIMARY KEY,
    job_id           uuid         REFERENCES screenshot_jobs (id) ON DELETE CASCADE,
    reason           text         NOT NULL,
    error_code       varchar(64)  NOT NULL,
    attempts         integer      NOT NULL,
    worker_id        varchar(200),
    first_failed_at  timestamptz  NOT NULL,
    last_failed_at   timestamptz  NOT NULL,
    dead_lettered_at timestamptz  NOT NULL,
    redriven_at      timestamptz,
    payload_preview  text
);

CREATE UNIQUE INDEX dead_letters_open_per_job ON dead_letters (job_id) WHERE redriven_at IS NULL;
CREATE INDEX dead_letters_open ON dead_letters (dead_lettered_at) WHERE redriven_at IS NULL;

-- Idempotency-Key (IETF draft): the first request with a key creates the job; the same key with the
-- same request returns it; with a different request the key is refused.
CREATE TABLE idempotency_keys (
    idempotency_key varchar(255) PRIMARY KEY,
    request_sha256  char(64)     NOT NULL,
    job_id          uuid         NOT NULL REFERENCES screenshot_jobs (id) ON DELETE CASCADE,
    created_at      timestamptz  NOT NULL,
    expires_at      timestamptz  NOT NULL
);

CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at);
