-- Signed render links (GET /render) and the result cache.
--
-- One render-link signing secret per tenant ("rsec_" + 64 hex digits), made on first
-- use; after a rotation the previous one is still accepted until previous_valid_until.
-- allow_no_expiry: whether the tenant accepts links without an "expires" parameter
-- (links that never expire); off until the tenant turns it on.
CREATE TABLE tenant_render_secrets (
    tenant               varchar(100) PRIMARY KEY,
    secret               varchar(100) NOT NULL,
    created_at           timestamptz  NOT NULL,
    previous_secret      varchar(100),
    previous_valid_until timestamptz,
    allow_no_expiry      boolean      NOT NULL DEFAULT false
);

-- A job that may be reused by an identical request carries the hash of what makes it
-- identical (tenant, normalised URL, applied options): a later request with the same hash
-- gets this job's result while it is younger than the request's cache TTL, or attaches to
-- it while it runs. Requests that did not ask for reuse leave it NULL.
ALTER TABLE screenshot_jobs ADD COLUMN cache_key char(64);

CREATE INDEX screenshot_jobs_cache_key ON screenshot_jobs (cache_key, created_at DESC)
    WHERE cache_key IS NOT NULL;

-- A job answered from the cache ("cache" on POST /screenshots) is a job of its own, moved
-- from pending to completed at once with the result of the identical job that captured:
-- the same image, named here. Retention, expiring that job's image, expires its copies
-- with it.
ALTER TABLE screenshot_jobs ADD COLUMN cached_from uuid;

CREATE INDEX screenshot_jobs_cached_from ON screenshot_jobs (cached_from) WHERE cached_from IS NOT NULL;
