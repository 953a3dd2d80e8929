-- A running job's transitions (processing → validating → … → storing) change only its status
-- and updated_at (the worker no longer renews the lease with each, the heartbeat does). Before
-- this migration both were read by indexes of screenshot_jobs (status in the partial indexes'
-- WHERE clauses, updated_at as screenshot_jobs_pending's key), so every transition was a full
-- update: a new row version with a new entry in each of the table's indexes that held the job
-- (six for a running one), about 12 WAL records per transition. Now no index reads either
-- column, and PostgreSQL writes those transitions as heap-only (HOT) updates: the new version on
-- the same page, no index entry (docs/scaling.md, "Heap-only transitions"). The indexes read two
-- generated columns instead, whose values do not change while a job runs:
--   phase          pending, running or finished: what the partial indexes need of the status.
--                  A status not listed here counts as running. A new terminal status must be
--                  added to the expression; PostgreSQL 15 cannot change a generated column's
--                  expression, so that means dropping and adding the column again, with its
--                  indexes (CaptureWorkerIntegrationTests checks the mapping against JobStatus).
--   pending_since  updated_at while the job is pending (when it became pending), else NULL: the
--                  queue reconciler's key.
-- Queries that should use these indexes name the column (phase = 'running', pending_since < …):
-- PostgreSQL cannot see through a generated column to the status.
-- Adding stored columns rewrites the table and its indexes under an exclusive lock; the indexes
-- that change are dropped first, so the rewrite does not build them only to drop them
-- (docs/operations.md, "Upgrading").

DROP INDEX screenshot_jobs_pending;
DROP INDEX screenshot_jobs_leases;
DROP INDEX screenshot_jobs_key_in_flight;
DROP INDEX screenshot_jobs_retention;
-- no query looks running jobs up by their worker (the heartbeat renews by job id): not rebuilt
DROP INDEX screenshot_jobs_worker;

ALTER TABLE screenshot_jobs
    ADD COLUMN phase text NOT NULL GENERATED ALWAYS AS (
        CASE WHEN status = 'pending' THEN 'pending'
             WHEN status IN ('completed', 'failed', 'cancelled') THEN 'finished'
             ELSE 'running' END) STORED,
    ADD COLUMN pending_since timestamptz GENERATED ALWAYS AS (
        CASE WHEN status = 'pending' THEN updated_at END) STORED;

CREATE INDEX screenshot_jobs_pending ON screenshot_jobs (pending_since) WHERE pending_since IS NOT NULL;
CREATE INDEX screenshot_jobs_leases ON screenshot_jobs (lease_expires_at) WHERE phase = 'running';
CREATE INDEX screenshot_jobs_key_in_flight ON screenshot_jobs (api_key_id) WHERE phase <> 'finished';
CREATE INDEX screenshot_jobs_retention ON screenshot_jobs (finished_at) WHERE expired_at IS NULL AND phase = 'finished';
