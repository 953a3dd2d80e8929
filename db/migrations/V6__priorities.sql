-- Per-key permission to submit jobs with priority "high" (admin keys may always).
ALTER TABLE api_keys ADD COLUMN allow_high_priority boolean NOT NULL DEFAULT false;
