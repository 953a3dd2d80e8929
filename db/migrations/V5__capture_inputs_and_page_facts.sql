-- Capture features: inputs other than a URL (inline HTML, uploaded bundles), and more of what the
-- page did, recorded with the result.

ALTER TABLE screenshot_jobs
    ADD COLUMN source_type   varchar(16)   NOT NULL DEFAULT 'url' CHECK (source_type IN ('url', 'html', 'bundle')),
    -- html and bundle jobs: the file to open, and where the uploaded files are in the store
    ADD COLUMN source_entry  varchar(1024),
    ADD COLUMN source_prefix varchar(1024),
    ADD COLUMN source_files  integer,
    ADD COLUMN source_bytes  bigint,
    ADD COLUMN result_title          text,
    ADD COLUMN result_console_errors integer;
