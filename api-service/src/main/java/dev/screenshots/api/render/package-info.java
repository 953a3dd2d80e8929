/**
 * Signed render links: {@code GET /render} answers the image of a URL for
 * {@code <img src>}, reusing identical captures; the tenant's render secret.
 */
package dev.screenshots.api.render;
