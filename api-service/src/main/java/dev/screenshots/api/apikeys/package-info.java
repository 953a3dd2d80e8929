/**
 * API keys: how callers authenticate, which tenant and role they act as, and the admin
 * endpoints and bootstrap that manage them. Keys are random, shown once, and stored only
 * as SHA-256 hashes.
 */
package dev.screenshots.api.apikeys;
