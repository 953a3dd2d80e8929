-- What a completed job's picture may not show as the client meant it: a JSON array of
-- {"code", "message"}, codes from dev.screenshots.model.job.Warning. NULL for jobs completed
-- before warnings existed (read as none).

ALTER TABLE screenshot_jobs ADD COLUMN result_warnings jsonb;
