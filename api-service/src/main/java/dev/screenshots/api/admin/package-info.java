/**
 * Operator endpoints under {@code /admin}: the dead-letter queue and its redrive.
 * (Authorisation arrives with the security work.)
 */
package dev.screenshots.api.admin;
