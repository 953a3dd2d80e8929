-- A job's transition no longer writes the step it leaves. Until now every move (JobMove) did
-- three things in one statement: updated the job row, inserted the new status's step, and
-- updated the open step's duration_ms, which meant finding that step through job_steps_job_id
-- and writing a new version of it. A step's duration is the time until the job entered the
-- next one, and the next step's entered_at is the same :now the move used for both, so the
-- duration can be derived when the history is read instead of written with every move: two
-- rows per transition instead of three (docs/scaling.md, "The step history in fewer writes").
--
-- Read the history through this view, not the table. A step's duration_ms is the time until
-- the next step of the same job (by id, the order the steps were written in), clamped at zero
-- as the moves clamped it (two services' clocks may disagree after a takeover), and NULL for
-- the step the job is still in, as before. For every step written before this migration the
-- derived value equals the one written, so the written one is only a fallback: during a
-- rolling upgrade a service of the version before closes every open step at its own move,
-- including steps that newer services left open long before, and those written values would
-- be wrong. The duration is a bigint: a failed job redriven weeks later has a step longer than
-- an integer's milliseconds. A filter on job_id is pushed into the window's subquery (job_id is
-- its partition), so a job's history is still read through job_steps_job_id.
CREATE VIEW job_step_history AS
SELECT id, job_id, status, attempt, entered_at,
       COALESCE(CASE WHEN until_next_ms < 0 THEN 0 ELSE until_next_ms END, duration_ms)::bigint AS duration_ms
FROM (SELECT id, job_id, status, attempt, entered_at, duration_ms,
             ROUND(EXTRACT(EPOCH FROM (lead(entered_at) OVER (PARTITION BY job_id ORDER BY id) - entered_at))
                   * 1000) AS until_next_ms
      FROM job_steps) steps;

COMMENT ON COLUMN job_steps.duration_ms IS
    'Written only by services before migration V21; read durations through the view job_step_history';
