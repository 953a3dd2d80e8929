/**
 * Cross-cutting web configuration: problem details for every error, request body limits,
 * the broker topology and the storage client.
 */
package dev.screenshots.api.system;
