-- Signed webhooks (Standard Webhooks): a job may name a URL and the terminal events to
-- announce; a trigger queues a delivery when the job reaches one, whichever service moved
-- it; api-service delivers, retries and records each attempt.
ALTER TABLE screenshot_jobs
    ADD COLUMN webhook_url    varchar(2048),
    ADD COLUMN webhook_events varchar(64);

-- One signing secret per tenant ("whsec_" + base64), made on first use. After a rotation
-- the previous one keeps signing too (a second signature) until previous_valid_until.
CREATE TABLE tenant_webhook_secrets (
    tenant               varchar(100) PRIMARY KEY,
    secret               varchar(100) NOT NULL,
    created_at           timestamptz  NOT NULL,
    previous_secret      varchar(100),
    previous_valid_until timestamptz
);

CREATE TABLE webhook_deliveries (
    id              bigserial     PRIMARY KEY,
    message_id      varchar(64)   NOT NULL UNIQUE,
    job_id          uuid          NOT NULL REFERENCES screenshot_jobs (id) ON DELETE CASCADE,
    tenant          varchar(100)  NOT NULL,
    event           varchar(32)   NOT NULL,
    url             varchar(2048) NOT NULL,
    payload         text,
    status          varchar(16)   NOT NULL CHECK (status IN ('pending', 'delivered', 'given_up')),
    attempts        integer       NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    attempt_log     jsonb         NOT NULL DEFAULT '[]',
    created_at      timestamptz   NOT NULL,
    finished_at     timestamptz
);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_job ON webhook_deliveries (job_id, id);

CREATE FUNCTION queue_webhook_delivery() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO webhook_deliveries (message_id, job_id, tenant, event, url, status, next_attempt_at, created_at)
    VALUES ('msg_' || replace(gen_random_uuid()::text, '-', ''), NEW.id, NEW.tenant, NEW.status,
            NEW.webhook_url, 'pending', now(), now());
    -- wakes the dispatchers, which otherwise look every api.webhooks.poll-interval
    PERFORM pg_notify('webhook_deliveries', NEW.id::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER screenshot_jobs_webhook AFTER UPDATE OF status ON screenshot_jobs
    FOR EACH ROW
    WHEN (NEW.webhook_url IS NOT NULL AND NEW.status IS DISTINCT FROM OLD.status
          AND NEW.status = ANY (string_to_array(NEW.webhook_events, ',')))
    EXECUTE FUNCTION queue_webhook_delivery();
