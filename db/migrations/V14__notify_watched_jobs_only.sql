-- A transition notifies 'job_steps' (V7) only when somebody watches the job: an open
-- event stream or a "Prefer: wait" on any api-service instance. NOTIFY serialises the
-- commits of every transaction that uses it on one lock, which halved the rate at which
-- workers could write transitions (docs/scaling.md); most jobs are polled or reported by
-- webhook and nobody listens for their steps.
--
-- An api-service instance registers a watch (watch_job) before it reads the job, and
-- extends it while the watch is open; a watch it could not extend (the instance stopped)
-- expires and is removed by any instance. A watch and a transition of the same job take
-- the same advisory lock, exclusive and shared: whichever commits second sees the other,
-- so a watcher either reads the transition or is notified of it.
--
-- During a rolling update, instances of the previous version register no watches; they
-- see transitions on their periodic re-reads (every second for "Prefer: wait", every 15 s
-- for a stream) until they are replaced.
CREATE TABLE job_watches (
    job_id     uuid        PRIMARY KEY,
    expires_at timestamptz NOT NULL
);

CREATE INDEX job_watches_expiry ON job_watches (expires_at);

-- the advisory lock's first key: the lock space of job watches (the second is the job)
CREATE FUNCTION job_watch_lock_space() RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT 7014';

CREATE FUNCTION watch_job(job uuid, lease interval) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(job_watch_lock_space(), hashtext(job::text));
    INSERT INTO job_watches (job_id, expires_at) VALUES (job, now() + lease)
    ON CONFLICT (job_id) DO UPDATE SET expires_at = greatest(job_watches.expires_at, EXCLUDED.expires_at);
END;
$$;

CREATE OR REPLACE FUNCTION notify_job_step() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(job_watch_lock_space(), hashtext(NEW.job_id::text));
    -- a statement of its own, so its snapshot is taken after the lock was granted
    IF EXISTS (SELECT 1 FROM job_watches WHERE job_id = NEW.job_id AND expires_at > clock_timestamp()) THEN
        PERFORM pg_notify('job_steps', NEW.job_id::text);
    END IF;
    RETURN NULL;
END;
$$;
