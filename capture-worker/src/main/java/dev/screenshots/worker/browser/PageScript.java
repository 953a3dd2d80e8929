package dev.screenshots.worker.browser;

/**
 * A function to call in the page, as JavaScript source, with its argument: how one part
 * of the sandbox asks another to run its reading in a call into the page it makes anyway
 * (each call into a loaded page costs milliseconds of its own).
 *
 * @param function the function's source, e.g. {@code (argument) => …}
 * @param argument what it is called with (serialisable by Playwright)
 */
record PageScript(String function, Object argument) {

}
