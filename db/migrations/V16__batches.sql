-- Batches (POST /screenshots/batch): up to 100 submits in one call. Each valid item is a job
-- of its own, created in its own transaction; the batch records, per item, the answer that
-- item alone would have had (its HTTP status, and its job or its problem).
CREATE TABLE batches (
    id           uuid          PRIMARY KEY,
    tenant       varchar(100)  NOT NULL,
    api_key_id   uuid,
    size         integer       NOT NULL,
    webhook_url  varchar(2048),
    created_at   timestamptz   NOT NULL,
    -- set once every item is answered (submitted is set) and every job is terminal
    submitted_at timestamptz,
    finished_at  timestamptz
);

CREATE TABLE batch_items (
    batch_id  uuid    NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
    position  integer NOT NULL,
    status    integer NOT NULL,
    job_id    uuid,
    problem   jsonb,
    PRIMARY KEY (batch_id, position)
);

CREATE INDEX batch_items_job ON batch_items (job_id) WHERE job_id IS NOT NULL;
CREATE INDEX batches_unfinished ON batches (submitted_at) WHERE finished_at IS NULL;

-- A batch's webhook ("batch.completed") is a delivery without a job, its body built when the
-- batch finished.
ALTER TABLE webhook_deliveries ALTER COLUMN job_id DROP NOT NULL;
ALTER TABLE webhook_deliveries ADD COLUMN batch_id uuid REFERENCES batches (id) ON DELETE CASCADE;

-- Marks a batch finished once all its items are answered and all its jobs terminal, and
-- queues its webhook. Called by the trigger below when one of its jobs reaches a terminal
-- status, and by api-service when it has answered the last item (a batch whose jobs all
-- finished while it was still being submitted, or that has no job at all). Idempotent: the
-- batch row's finished_at decides, under the row's lock.
CREATE FUNCTION finish_batch(batch uuid) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    b batches%ROWTYPE;
BEGIN
    -- the lock first, the checks after it: a trigger that runs while api-service marks
    -- the batch submitted waits for that commit and then sees it
    SELECT * INTO b FROM batches WHERE id = batch FOR UPDATE;
    IF NOT FOUND OR b.submitted_at IS NULL OR b.finished_at IS NOT NULL THEN
        RETURN false;
    END IF;
    IF EXISTS (SELECT 1 FROM batch_items i JOIN screenshot_jobs j ON j.id = i.job_id
               WHERE i.batch_id = batch
                 AND j.status NOT IN ('completed', 'failed', 'cancelled')) THEN
        RETURN false;
    END IF;
    UPDATE batches SET finished_at = now() WHERE id = batch;
    IF b.webhook_url IS NOT NULL THEN
        INSERT INTO webhook_deliveries (message_id, job_id, batch_id, tenant, event, url, payload, status,
                                        next_attempt_at, created_at)
        VALUES ('msg_' || replace(gen_random_uuid()::text, '-', ''), NULL, batch, b.tenant, 'batch.completed',
                b.webhook_url,
                jsonb_build_object(
                    'type', 'batch.completed',
                    'timestamp', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                    'data', jsonb_build_object(
                        'id', batch,
                        'size', b.size,
                        'refused', (SELECT count(*) FROM batch_items WHERE batch_id = batch AND job_id IS NULL),
                        'counts', COALESCE((SELECT jsonb_object_agg(status, n) FROM (
                                      SELECT j.status, count(*) AS n FROM batch_items i
                                      JOIN screenshot_jobs j ON j.id = i.job_id
                                      WHERE i.batch_id = batch GROUP BY j.status) s), '{}'::jsonb),
                        'createdAt', to_char(b.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                        'links', jsonb_build_object('self', '/batches/' || batch)))::text,
                'pending', now(), now());
        PERFORM pg_notify('webhook_deliveries', batch::text);
    END IF;
    RETURN true;
END;
$$;

CREATE FUNCTION finish_batches_of_job() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM finish_batch(i.batch_id) FROM batch_items i WHERE i.job_id = NEW.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER screenshot_jobs_batch AFTER UPDATE OF status ON screenshot_jobs
    FOR EACH ROW
    WHEN (NEW.status IS DISTINCT FROM OLD.status AND NEW.status IN ('completed', 'failed', 'cancelled'))
    EXECUTE FUNCTION finish_batches_of_job();
