/**
 * Signed webhooks (Standard Webhooks): the tenants' secrets, the dispatcher that delivers
 * and retries, and the API to read secrets and deliveries.
 */
package dev.screenshots.api.webhooks;
