package dev.screenshots.worker.browser;

/**
 * What a new sandbox looks like to the page.
 *
 * @param width viewport width in CSS pixels
 * @param height viewport height in CSS pixels
 */
public record SandboxSpec(int width, int height) {

}
