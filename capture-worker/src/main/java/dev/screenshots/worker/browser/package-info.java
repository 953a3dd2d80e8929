/**
 * The browser pool: a supervisor of browser slots, each owning one Playwright and one
 * Chromium on its own thread. Other packages see only
 * {@link dev.screenshots.worker.browser.BrowserPool},
 * {@link dev.screenshots.worker.browser.SandboxTask} and
 * {@link dev.screenshots.worker.browser.Sandbox}; no Playwright type leaves this package.
 */
package dev.screenshots.worker.browser;
