-- Why a completed job's page did not load some requests: a JSON object from reason to count,
-- reasons "policy" (the URL policy), "options" (blockResourceTypes, blockUrlPatterns) and the
-- filter lists switched on ("ads", "trackers", "cookieBanners", "chats"); reasons with no
-- blocked request are left out. result_blocked_requests stays the total. NULL for jobs
-- completed before the breakdown existed (read as no breakdown).

ALTER TABLE screenshot_jobs ADD COLUMN result_blocked_by_reason jsonb;
