package dev.screenshots.worker;

import dev.screenshots.model.job.ErrorCode;

/**
 * A job failed for a reason with a stable {@link ErrorCode}. The message is safe to show
 * to the client; the cause, if any, is for the logs only.
 */
public class CaptureFailure extends RuntimeException {

	private final ErrorCode code;

	private final boolean retryable;

	public CaptureFailure(ErrorCode code, String message) {
		this(code, message, null);
	}

	public CaptureFailure(ErrorCode code, String message, Throwable cause) {
		this(code, message, cause, code.retryable());
	}

	private CaptureFailure(ErrorCode code, String message, Throwable cause, boolean retryable) {
		super(message, cause);
		this.code = code;
		this.retryable = retryable;
	}

	/**
	 * The main document answered an HTTP error and the job asked to fail on it: retried
	 * for a 5xx answer (the server may recover), not for a 4xx one.
	 * @param status the HTTP status, 400 or more
	 * @return the failure
	 */
	public static CaptureFailure httpError(int status) {
		return new CaptureFailure(ErrorCode.HTTP_ERROR, "The page answered HTTP " + status, null, status >= 500);
	}

	public ErrorCode code() {
		return this.code;
	}

	/**
	 * Whether another attempt could succeed: the code's answer, except where the failure
	 * knows better ({@link #httpError(int)}).
	 * @return whether to retry
	 */
	public boolean retryable() {
		return this.retryable;
	}

}
