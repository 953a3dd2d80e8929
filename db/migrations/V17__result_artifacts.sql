-- What a completed job keeps besides its image (the `artifacts` and `thumbnail` options):
-- a JSON array of {"name", "key", "contentType", "bytes", "sha256", "width", "height",
-- "truncated", "problem", "message"} (dev.screenshots.model.storage.StoredArtifact), in the
-- image's bucket; an absent artifact has no key. NULL when the job asked for none.

ALTER TABLE screenshot_jobs ADD COLUMN result_artifacts jsonb;
