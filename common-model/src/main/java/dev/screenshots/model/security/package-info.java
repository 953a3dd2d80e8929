/**
 * Where the service may connect on a user's behalf: the URL policy that protects against
 * server-side request forgery. Hosts are parsed as browsers parse them, every address a
 * host resolves to is checked, and non-public ranges are denied unless an operator allows
 * them.
 */
package dev.screenshots.model.security;
