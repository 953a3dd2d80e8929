/**
 * Screenshot jobs: the HTTP resource, the job and step-history entities, and the service
 * that records a job together with its outbox message.
 */
package dev.screenshots.api.screenshots;
