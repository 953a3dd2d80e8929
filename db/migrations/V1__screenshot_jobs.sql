-- Screenshot jobs, their step history, and the transactional outbox.
-- One source of truth for both services: api-service applies these migrations at start-up,
-- capture-worker only validates that the schema matches them.

CREATE TABLE screenshot_jobs (
    id                  uuid         PRIMARY KEY,
    status              varchar(32)  NOT NULL
        CHECK (status IN ('pending', 'processing', 'validating', 'creating_sandbox', 'syncing_files',
                          'capturing', 'storing', 'completed', 'failed')),
    source_url          text         NOT NULL,
    options             jsonb        NOT NULL,
    priority            varchar(16)  NOT NULL DEFAULT 'normal' CHECK (priority IN ('high', 'normal', 'low')),
    attempts            integer      NOT NULL DEFAULT 0,
    worker_id           varchar(200),
    created_at          timestamptz  NOT NULL,
    updated_at          timestamptz  NOT NULL,
    started_at          timestamptz,
    finished_at         timestamptz,
    result_bucket       varchar(255),
    result_key          varchar(1024),
    result_content_type varchar(100),
    result_bytes        bigint,
    result_width        integer,
    result_height       integer,
    result_sha256       char(64),
    error_code          varchar(64),
    error_message       text,
    error_step          varchar(32),
    CONSTRAINT completed_jobs_have_a_result
        CHECK (status <> 'completed' OR (result_key IS NOT NULL AND result_sha256 IS NOT NULL)),
    CONSTRAINT failed_jobs_have_an_error
        CHECK (status <> 'failed' OR error_code IS NOT NULL)
);

CREATE INDEX screenshot_jobs_created_at ON screenshot_jobs (created_at DESC);

-- One row per status a job entered, in order; duration_ms is set when the job leaves the status.
CREATE TABLE job_steps (
    id          bigserial    PRIMARY KEY,
    job_id      uuid         NOT NULL REFERENCES screenshot_jobs (id) ON DELETE CASCADE,
    status      varchar(32)  NOT NULL,
    attempt     integer      NOT NULL,
    entered_at  timestamptz  NOT NULL,
    duration_ms integer
);

CREATE INDEX job_steps_job_id ON job_steps (job_id, id);

-- Messages written in the same transaction as the job row, published by the relay with
-- publisher confirms, then marked sent. Sent rows are purged after a retention period.
CREATE TABLE outbox_messages (
    id           bigserial    PRIMARY KEY,
    job_id       uuid         NOT NULL,
    exchange     varchar(255) NOT NULL,
    routing_key  varchar(255) NOT NULL,
    payload      text         NOT NULL,
    created_at   timestamptz  NOT NULL,
    sent_at      timestamptz,
    attempts     integer      NOT NULL DEFAULT 0,
    last_error   text
);

CREATE INDEX outbox_messages_unsent ON outbox_messages (id) WHERE sent_at IS NULL;
CREATE INDEX outbox_messages_sent_at ON outbox_messages (sent_at) WHERE sent_at IS NOT NULL;
