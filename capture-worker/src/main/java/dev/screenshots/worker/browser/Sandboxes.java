package dev.screenshots.worker.browser;

/**
 * Opens sandboxes in the browser of the slot that runs the current {@link SandboxTask}.
 */
public interface Sandboxes {

	/**
	 * Creates a fresh browser context and page. The caller closes it; the slot also
	 * closes any sandbox a task leaves open.
	 * @param spec the viewport and emulation
	 * @return the sandbox
	 * @throws dev.screenshots.worker.CaptureFailure {@code BROWSER_CRASHED} when the
	 * browser is gone
	 */
	Sandbox open(SandboxSpec spec);

}
