-- Scheduled captures (docs/visual-regression.md, "Schedules"). Every api-service instance
-- looks for due schedules; a due schedule's row is locked (FOR UPDATE SKIP LOCKED) while its
-- run is recorded, its job made and its next run time set in one transaction, and a run's
-- key is (schedule, due time): each due run makes one job however many instances look.
-- The next run is the first slot after now, so runs missed while no instance ran are made
-- up once, not once per missed slot.

CREATE TABLE schedules (
    id            uuid          PRIMARY KEY,
    tenant        varchar(100)  NOT NULL,
    api_key_id    uuid          NOT NULL,
    name          varchar(200),
    cron          varchar(200)  NOT NULL,
    time_zone     varchar(64)   NOT NULL,
    request       jsonb         NOT NULL,
    compare       jsonb,
    notify        jsonb,
    paused        boolean       NOT NULL DEFAULT false,
    paused_reason varchar(500),
    next_run_at   timestamptz,
    last_run_at   timestamptz,
    created_at    timestamptz   NOT NULL,
    updated_at    timestamptz   NOT NULL
);

CREATE INDEX schedules_due ON schedules (next_run_at) WHERE NOT paused;
CREATE INDEX schedules_tenant ON schedules (tenant, created_at);

CREATE TABLE schedule_runs (
    schedule_id   uuid          NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    due_at        timestamptz   NOT NULL,
    started_at    timestamptz   NOT NULL,
    job_id        uuid,
    error_code    varchar(64),
    error_message varchar(1000),
    PRIMARY KEY (schedule_id, due_at)
);
