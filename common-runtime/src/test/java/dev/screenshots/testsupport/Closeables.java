package dev.screenshots.testsupport;

/**
 * Tears down what a test class started, in the order given, skipping what was never
 * started and going on past a failure, which is rethrown at the end.
 */
public final class Closeables {

	private Closeables() {
	}

	/**
	 * Closes each resource that is not {@code null}.
	 * @param resources e.g. the system under test, then the pages, then the
	 * infrastructure
	 */
	public static void closeAll(AutoCloseable... resources) {
		RuntimeException failure = null;
		for (AutoCloseable resource : resources) {
			if (resource == null) {
				continue;
			}
			try {
				resource.close();
			}
			catch (Exception ex) {
				if (failure == null) {
					failure = new IllegalStateException("Closing test resources failed", ex);
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

}
