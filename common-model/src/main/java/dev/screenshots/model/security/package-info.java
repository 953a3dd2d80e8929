/**
 * Hosts, addresses and network rules as the URL policy sees them: hosts parsed as
 * browsers parse them, address ranges, and allow/deny entries. The policy itself and the
 * egress proxy are in {@code dev.screenshots.runtime.security}.
 */
package dev.screenshots.model.security;
