-- API keys (stored only as SHA-256 hashes), tenants, and shared rate-limit state.

CREATE TABLE api_keys (
    id               uuid         PRIMARY KEY,
    name             varchar(100) NOT NULL,
    tenant           varchar(100) NOT NULL,
    role             varchar(16)  NOT NULL CHECK (role IN ('client', 'admin')),
    key_hash         char(64)     NOT NULL UNIQUE,
    key_prefix       varchar(16)  NOT NULL,
    submits_per_minute integer    CHECK (submits_per_minute > 0),
    max_in_flight    integer      CHECK (max_in_flight > 0),
    created_at       timestamptz  NOT NULL,
    revoked_at       timestamptz
);

-- Every job belongs to the tenant of the key that submitted it.
ALTER TABLE screenshot_jobs
    ADD COLUMN tenant     varchar(100) NOT NULL DEFAULT 'default',
    ADD COLUMN api_key_id uuid;

CREATE INDEX screenshot_jobs_tenant_created ON screenshot_jobs (tenant, created_at DESC);
CREATE INDEX screenshot_jobs_key_in_flight ON screenshot_jobs (api_key_id)
    WHERE status IN ('pending', 'processing', 'validating', 'creating_sandbox', 'syncing_files', 'capturing', 'storing');

-- Idempotency keys are per tenant: two tenants may use the same key.
ALTER TABLE idempotency_keys ADD COLUMN tenant varchar(100) NOT NULL DEFAULT 'default';
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys ADD PRIMARY KEY (tenant, idempotency_key);

-- Generic cell rate algorithm state, one row per limited key: the theoretical arrival time of the
-- next request. Shared by every api-service instance.
CREATE TABLE rate_limits (
    limit_key varchar(200) PRIMARY KEY,
    tat       timestamptz  NOT NULL
);
