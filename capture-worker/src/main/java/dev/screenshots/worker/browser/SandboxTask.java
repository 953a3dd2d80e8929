package dev.screenshots.worker.browser;

/**
 * Work that needs a browser, run by {@link BrowserPool} on one slot's thread.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface SandboxTask<T> {

	T run(Sandboxes sandboxes);

}
