package dev.screenshots.worker;

import dev.screenshots.model.job.ErrorCode;

/**
 * A job failed for a reason with a stable {@link ErrorCode}. The message is safe to show
 * to the client; the cause, if any, is for the logs only.
 */
public class CaptureFailure extends RuntimeException {

	private final ErrorCode code;

	public CaptureFailure(ErrorCode code, String message) {
		this(code, message, null);
	}

	public CaptureFailure(ErrorCode code, String message, Throwable cause) {
		super(message, cause);
		this.code = code;
	}

	public ErrorCode code() {
		return this.code;
	}

	public boolean retryable() {
		return this.code.retryable();
	}

}
