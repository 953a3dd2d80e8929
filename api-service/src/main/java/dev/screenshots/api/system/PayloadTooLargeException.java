package dev.screenshots.api.system;

import java.io.IOException;

import org.springframework.util.unit.DataSize;

/**
 * A request body is larger than {@code api.limits.max-request-body}. An
 * {@link IOException} so it can leave a body stream while the body is being parsed.
 */
public class PayloadTooLargeException extends IOException {

	private final DataSize limit;

	public PayloadTooLargeException(DataSize limit) {
		super("The request body is larger than the limit of " + limit.toBytes() + " bytes");
		this.limit = limit;
	}

	public DataSize limit() {
		return this.limit;
	}

}
