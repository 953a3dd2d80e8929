-- A key's submit rate as Bucket4j keeps it (api-service's SubmitLimits): one row per key,
-- the bucket's state serialised by Bucket4j. Each instance consumes from its own copy and
-- writes back at most every 100 ms of the key's rate (see docs/api.md, rate limits), so a
-- busy key no longer takes this row's lock on every submit. rate_limits (V4) is no longer
-- written; it stays for instances of the previous version during a rolling update.
CREATE TABLE rate_limit_buckets (
    id    text PRIMARY KEY,
    state bytea
);
