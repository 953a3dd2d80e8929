/**
 * Where the service may connect on a user's behalf: the URL policy that protects against
 * server-side request forgery (every address a host resolves to is checked, non-public
 * ranges denied unless an operator allows them), its settings, and the egress proxy that
 * connects only to the address it checked.
 */
package dev.screenshots.runtime.security;
