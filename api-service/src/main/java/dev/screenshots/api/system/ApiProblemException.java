package dev.screenshots.api.system;

import java.util.Locale;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A client-facing error that knows its RFC 9457 answer: the HTTP status, the stable
 * {@code code} (whose lower-case, hyphenated form is the {@code type} slug unless a
 * subclass names another), the title, any extension members and response headers. Feature
 * packages throw subclasses ({@link InvalidFieldException} for a field of the request);
 * {@link ProblemDetailsAdvice} turns every one into the same problem document, so a new
 * error needs no handler of its own and the advice knows no feature.
 */
public abstract class ApiProblemException extends RuntimeException {

	private final HttpStatus status;

	private final String code;

	private final String title;

	/**
	 * @param status the HTTP status: a 4xx for a client mistake; a 5xx only to pass on a
	 * failure that is not the client's (a render link's failed capture)
	 * @param code the stable error code, e.g. {@code JOB_NOT_FOUND}
	 * @param title the short, fixed summary
	 * @param detail what happened in this case, safe to show the client
	 */
	protected ApiProblemException(HttpStatus status, String code, String title, String detail) {
		super(detail);
		this.status = status;
		this.code = code;
		this.title = title;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String code() {
		return this.code;
	}

	public String title() {
		return this.title;
	}

	/**
	 * The {@code type} slug.
	 * @return e.g. {@code job-not-found}
	 */
	public String slug() {
		return this.code.toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * The {@code detail} sent to the client; the message unless a subclass keeps
	 * something of it for the log.
	 * @return the detail
	 */
	public String detail() {
		return getMessage();
	}

	/**
	 * Extension members of the problem document.
	 * @return none unless a subclass adds some
	 */
	public Map<String, Object> properties() {
		return Map.of();
	}

	/**
	 * Headers of the answer, e.g. {@code Retry-After}.
	 * @return none unless a subclass adds some
	 */
	public HttpHeaders headers() {
		return HttpHeaders.EMPTY;
	}

}
