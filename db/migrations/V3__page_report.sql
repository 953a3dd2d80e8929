-- What the page did, recorded with the result: the URL after redirects, the main document's HTTP
-- status, and how many requests the URL policy blocked.
ALTER TABLE screenshot_jobs
    ADD COLUMN result_final_url        text,
    ADD COLUMN result_http_status      integer,
    ADD COLUMN result_blocked_requests integer;
