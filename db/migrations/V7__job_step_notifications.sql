-- Every transition of a job inserts a job_steps row. Its commit notifies the api-services
-- listening on 'job_steps' (payload: the job id), which stream the job's events
-- (GET /screenshots/{id}/events) and answer "Prefer: wait" without polling. Notifications
-- reach every instance, so a client may watch a job on another instance than the one it
-- submitted to.
--
-- The first step of a new job (pending, attempt 0) is not notified: nobody can be waiting
-- for a job that does not exist yet (a new watcher reads the history first), and NOTIFY
-- serialises the commits of the transactions that use it, which would cap the submit path.
CREATE FUNCTION notify_job_step() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('job_steps', NEW.job_id::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER job_steps_notify AFTER INSERT ON job_steps
    FOR EACH ROW WHEN (NEW.status <> 'pending' OR NEW.attempt > 0)
    EXECUTE FUNCTION notify_job_step();
