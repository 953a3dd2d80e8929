/**
 * Inputs other than a URL: inline HTML and uploaded bundles (files or one zip). They are
 * checked (paths, counts, sizes, zip bombs) and stored under the job's prefix before the
 * job is created.
 */
package dev.screenshots.api.sources;
