-- Visual regression (docs/visual-regression.md): named, per-tenant baselines with every
-- version kept; a job may be compared with one (screenshot_jobs.compare) and records the
-- outcome (result_comparison); a change can be announced as the webhook event `changed`.

CREATE TABLE baselines (
    id              uuid         PRIMARY KEY,
    tenant          varchar(100) NOT NULL,
    name            varchar(200) NOT NULL,
    current_version integer      NOT NULL,
    created_at      timestamptz  NOT NULL,
    updated_at      timestamptz  NOT NULL,
    UNIQUE (tenant, name)
);

-- Each version's image is a copy of its job's image under baselines/<baseline id>/, so
-- retention of the job does not take the reference away.
CREATE TABLE baseline_versions (
    baseline_id  uuid          NOT NULL REFERENCES baselines (id) ON DELETE CASCADE,
    version      integer       NOT NULL,
    job_id       uuid          NOT NULL,
    origin       varchar(16)   NOT NULL CHECK (origin IN ('set', 'approved', 'auto')),
    bucket       varchar(255)  NOT NULL,
    key          varchar(1024) NOT NULL,
    content_type varchar(100)  NOT NULL,
    bytes        bigint        NOT NULL,
    width        integer       NOT NULL,
    height       integer       NOT NULL,
    sha256       char(64)      NOT NULL,
    created_at   timestamptz   NOT NULL,
    PRIMARY KEY (baseline_id, version),
    -- a job makes at most one version of a baseline: a retried comparison or a second
    -- approval finds the one it made
    UNIQUE (baseline_id, job_id)
);

-- compare: the request's {"baseline", "threshold", "maxMismatchPercent", "ignoreRegions",
-- "ignoreSelectors", "autoCreate"}; result_comparison: {"baseline", "baselineVersion",
-- "status", "changed", "mismatchPercent", "diffPixels", ...}
ALTER TABLE screenshot_jobs
    ADD COLUMN compare           jsonb,
    ADD COLUMN result_comparison jsonb;

-- `changed` is announced with `completed`, when the comparison counts as a change
CREATE OR REPLACE FUNCTION queue_webhook_delivery() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = ANY (string_to_array(NEW.webhook_events, ',')) THEN
        INSERT INTO webhook_deliveries (message_id, job_id, tenant, event, url, status, next_attempt_at, created_at)
        VALUES ('msg_' || replace(gen_random_uuid()::text, '-', ''), NEW.id, NEW.tenant, NEW.status,
                NEW.webhook_url, 'pending', now(), now());
    END IF;
    IF NEW.status = 'completed' AND 'changed' = ANY (string_to_array(NEW.webhook_events, ','))
       AND (NEW.result_comparison ->> 'changed')::boolean IS TRUE THEN
        INSERT INTO webhook_deliveries (message_id, job_id, tenant, event, url, status, next_attempt_at, created_at)
        VALUES ('msg_' || replace(gen_random_uuid()::text, '-', ''), NEW.id, NEW.tenant, 'changed',
                NEW.webhook_url, 'pending', now(), now());
    END IF;
    -- wakes the dispatchers, which otherwise look every api.webhooks.poll-interval
    PERFORM pg_notify('webhook_deliveries', NEW.id::text);
    RETURN NULL;
END;
$$;

DROP TRIGGER screenshot_jobs_webhook ON screenshot_jobs;
CREATE TRIGGER screenshot_jobs_webhook AFTER UPDATE OF status ON screenshot_jobs
    FOR EACH ROW
    WHEN (NEW.webhook_url IS NOT NULL AND NEW.status IS DISTINCT FROM OLD.status
          AND (NEW.status = ANY (string_to_array(NEW.webhook_events, ','))
               OR (NEW.status = 'completed' AND 'changed' = ANY (string_to_array(NEW.webhook_events, ',')))))
    EXECUTE FUNCTION queue_webhook_delivery();
