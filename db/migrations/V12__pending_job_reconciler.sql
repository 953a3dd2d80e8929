-- The queue reconciler (capture-worker, fleet/QueueReconciler) looks for pending jobs whose
-- message the broker lost: it reads pending jobs by when they last moved, and each one's latest
-- outbox message.
CREATE INDEX screenshot_jobs_pending ON screenshot_jobs (updated_at) WHERE status = 'pending';
CREATE INDEX outbox_messages_job_id ON outbox_messages (job_id);
