package dev.screenshots.api.system;

import java.net.URI;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where errors become HTTP answers: RFC 9457
 * {@code application/problem+json} with a stable {@code type} ({@code /problems/<slug>}),
 * a stable {@code code}, a safe {@code detail} and, for invalid input, per-field
 * {@code errors}. Causes are logged, never sent: no class name or stack trace reaches a
 * client, and no client mistake produces a 5xx.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	/**
	 * Slug and code per status for problems raised by Spring MVC itself (404, 405, 406,
	 * 415…).
	 */
	private static final Map<Integer, String[]> FRAMEWORK_PROBLEMS = Map.of(500,
			new String[] { "internal-error", "INTERNAL_ERROR" }, 400, new String[] { "bad-request", "BAD_REQUEST" },
			404, new String[] { "not-found", "NOT_FOUND" }, 405,
			new String[] { "method-not-allowed", "METHOD_NOT_ALLOWED" }, 406,
			new String[] { "not-acceptable", "NOT_ACCEPTABLE" }, 413,
			new String[] { "payload-too-large", "PAYLOAD_TOO_LARGE" }, 415,
			new String[] { "unsupported-media-type", "UNSUPPORTED_MEDIA_TYPE" });

	/** The header a request firewall's refusal names. */
	private static final Pattern REJECTED_HEADER = Pattern.compile("header: \"([!#$%&'*+.^_`|~0-9A-Za-z-]+)");

	/** The type slug of an invalid request, with its {@code errors}. */
	static final String VALIDATION_ERROR = "validation-error";

	static URI type(String slug) {
		return URI.create("/problems/" + slug);
	}

	@ExceptionHandler(ApiProblemException.class)
	ResponseEntity<ProblemDetail> apiProblem(ApiProblemException ex, WebRequest request) {
		ResponseEntity<ProblemDetail> problem = problem(ex.status(), ex.slug(), ex.code(), ex.title(), ex.detail(),
				request);
		ex.properties().forEach(problem.getBody()::setProperty);
		return ResponseEntity.status(ex.status()).headers(ex.headers()).body(problem.getBody());
	}

	@ExceptionHandler(ConstraintViolationException.class)
	ResponseEntity<Object> constraintViolation(ConstraintViolationException ex, WebRequest request) {
		return invalid(ex.getConstraintViolations()
			.stream()
			.map((violation) -> new FieldProblem(violation.getPropertyPath().toString(), violation.getMessage()))
			.sorted(Comparator.comparing(FieldProblem::field))
			.toList(), request);
	}

	@ExceptionHandler(MultipartException.class)
	ResponseEntity<Object> malformedMultipart(MultipartException ex, WebRequest request) {
		for (Throwable current = ex; current != null; current = current.getCause()) {
			if (current instanceof PayloadTooLargeException tooLarge) {
				return widen(payloadTooLarge(tooLarge, request));
			}
		}
		return widen(problem(HttpStatus.BAD_REQUEST, "malformed-request", "MALFORMED_REQUEST", "Malformed request",
				"The multipart body could not be read", request));
	}

	@ExceptionHandler(PayloadTooLargeException.class)
	ResponseEntity<ProblemDetail> payloadTooLarge(PayloadTooLargeException ex, WebRequest request) {
		ResponseEntity<ProblemDetail> response = problem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large",
				"PAYLOAD_TOO_LARGE", "Request body too large", ex.getMessage(), request);
		response.getBody().setProperty("limitBytes", ex.limit().toBytes());
		return response;
	}

	/**
	 * A header value Spring Security's firewall refuses (a control character, a byte
	 * outside ISO-8859-1's printable range such as a UTF-8 key read as Latin-1). The
	 * firewall checks a header when it is first read, which for the headers a controller
	 * takes is inside Spring MVC, so the refusal reaches this advice.
	 */
	@ExceptionHandler(RequestRejectedException.class)
	ResponseEntity<Object> rejectedRequest(RequestRejectedException ex, WebRequest request) {
		Matcher header = REJECTED_HEADER.matcher(String.valueOf(ex.getMessage()));
		if (header.find()) {
			return invalid(List.of(new FieldProblem(header.group(1),
					"holds a character a header value may not (a control character, or raw UTF-8: percent-encode other text)")),
					request);
		}
		return widen(problem(HttpStatus.BAD_REQUEST, "malformed-request", "MALFORMED_REQUEST", "Malformed request",
				"The request holds characters that are not allowed", request));
	}

	@ExceptionHandler({ DataAccessResourceFailureException.class, CannotCreateTransactionException.class,
			TransientDataAccessException.class, QueryTimeoutException.class })
	ResponseEntity<ProblemDetail> databaseUnavailable(Exception ex, WebRequest request) {
		log.warn("Database unavailable: {}", ex.toString());
		return unavailable("The job database is unavailable; retry shortly", request);
	}

	@ExceptionHandler(SdkException.class)
	ResponseEntity<ProblemDetail> storageUnavailable(SdkException ex, WebRequest request) {
		log.warn("Object storage unavailable: {}", ex.toString());
		return unavailable("The image store is unavailable; retry shortly", request);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex, WebRequest request) {
		if (isDatabaseConnectionFailure(ex)) {
			return databaseUnavailable(ex, request);
		}
		log.error("Unexpected error answering {}", describe(request), ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "INTERNAL_ERROR", "Internal error",
				"An unexpected error occurred", request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = new ArrayList<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			errors.add(new FieldProblem(error.getField(), error.getDefaultMessage()));
		}
		ex.getBindingResult()
			.getGlobalErrors()
			.forEach((error) -> errors.add(new FieldProblem("", error.getDefaultMessage())));
		return invalid(errors, request);
	}

	/**
	 * A query parameter, path variable or header a controller's method constraints refuse
	 * ({@code @Min}, {@code @Pattern} on a {@code @RequestParam}): the errors name the
	 * parameter.
	 */
	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = new ArrayList<>();
		for (ParameterValidationResult result : ex.getParameterValidationResults()) {
			String parameter = String.valueOf(result.getMethodParameter().getParameterName());
			result.getResolvableErrors()
				.forEach((error) -> errors.add(new FieldProblem(parameter, error.getDefaultMessage())));
		}
		if (errors.isEmpty()) {
			return super.handleHandlerMethodValidationException(ex, headers, status, request);
		}
		return invalid(errors, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Throwable cause = ex.getCause();
		for (Throwable current = cause; current != null; current = current.getCause()) {
			if (current instanceof PayloadTooLargeException tooLarge) {
				return widen(payloadTooLarge(tooLarge, request));
			}
		}
		if (cause instanceof InputCoercionException outOfRange) {
			return invalid(List.of(new FieldProblem(path(outOfRange), "number out of range")), request);
		}
		if (cause instanceof UnrecognizedPropertyException unknown) {
			return invalid(List.of(new FieldProblem(path(unknown), "unknown field")), request);
		}
		if (cause instanceof MismatchedInputException mismatch && mismatch.getPath().isEmpty()) {
			return widen(problem(HttpStatus.BAD_REQUEST, "malformed-request", "MALFORMED_REQUEST", "Malformed request",
					"The request body must be a JSON object", request));
		}
		if (cause instanceof MismatchedInputException mismatch) {
			return invalid(List.of(new FieldProblem(path(mismatch), mismatchMessage(mismatch))), request);
		}
		if (cause instanceof JacksonException jackson && !(cause instanceof StreamReadException)
				&& !jackson.getPath().isEmpty()) {
			Throwable root = NestedExceptionUtils.getMostSpecificCause(jackson);
			String message = (root instanceof IllegalArgumentException && root.getMessage() != null) ? root.getMessage()
					: "invalid value";
			return invalid(List.of(new FieldProblem(path(jackson), message)), request);
		}
		String detail = (cause instanceof StreamReadException read)
				? "The request body is not valid JSON" + location(read) : "A JSON request body is required";
		return widen(problem(HttpStatus.BAD_REQUEST, "malformed-request", "MALFORMED_REQUEST", "Malformed request",
				detail, request));
	}

	@Override
	protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
			WebRequest request) {
		if (body instanceof ProblemDetail problem
				&& (problem.getType() == null || URI.create("about:blank").equals(problem.getType()))) {
			typed(problem, statusCode.value());
			if (problem.getInstance() == null) {
				problem.setInstance(instance(request));
			}
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	/**
	 * Gives a problem the type and code of its status, as for the problems Spring MVC
	 * raises itself.
	 * @param problem the problem
	 * @param status its status
	 * @return the problem
	 */
	static ProblemDetail typed(ProblemDetail problem, int status) {
		String[] known = FRAMEWORK_PROBLEMS.get(status);
		problem.setType(type((known != null) ? known[0] : "http-" + status));
		problem.setProperty("code", (known != null) ? known[1] : "HTTP_" + status);
		return problem;
	}

	/**
	 * Whether an error comes from losing the database connection, wherever the
	 * persistence layers wrapped it: SQLState class {@code 08}, a transient or
	 * recoverable connection error, a failed rollback (after the connection dropped
	 * mid-transaction the rollback error replaces the original one), or an
	 * {@code SQLException} without a state, which the pool and driver raise for closed
	 * connections. Errors the database reports about the statement carry a state and are
	 * not matched.
	 * @param ex the error
	 * @return {@code true} if a database connection failure is among its causes
	 */
	static boolean isDatabaseConnectionFailure(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLTransientConnectionException || cause instanceof SQLRecoverableException
					|| cause instanceof CannotCreateTransactionException) {
				return true;
			}
			if (cause instanceof SQLException sql
					&& (sql.getSQLState() == null || sql.getSQLState().startsWith("08"))) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	private ResponseEntity<Object> invalid(List<FieldProblem> fieldProblems, WebRequest request) {
		List<FieldProblem> errors = new ArrayList<>(fieldProblems);
		errors.sort(Comparator.comparing(FieldProblem::field));
		ResponseEntity<ProblemDetail> response = problem(HttpStatus.BAD_REQUEST, VALIDATION_ERROR, "INVALID_REQUEST",
				"Invalid request", errors.size() == 1 ? "1 field is invalid" : errors.size() + " fields are invalid",
				request);
		response.getBody().setProperty("errors", errors);
		return widen(response);
	}

	private ResponseEntity<ProblemDetail> unavailable(String detail, WebRequest request) {
		ResponseEntity<ProblemDetail> problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable",
				"SERVICE_UNAVAILABLE", "Service unavailable", detail, request);
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "5")
			.body(problem.getBody());
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String slug, String code, String title,
			String detail, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type(slug));
		problem.setTitle(title);
		problem.setInstance(instance(request));
		problem.setProperty("code", code);
		return ResponseEntity.status(status).body(problem);
	}

	@SuppressWarnings("unchecked")
	private static ResponseEntity<Object> widen(ResponseEntity<? extends Object> response) {
		return (ResponseEntity<Object>) response;
	}

	private static URI instance(WebRequest request) {
		if (request instanceof ServletWebRequest servlet) {
			return URI.create(servlet.getRequest().getRequestURI());
		}
		return null;
	}

	private static String describe(WebRequest request) {
		return (request instanceof ServletWebRequest servlet)
				? servlet.getRequest().getMethod() + " " + servlet.getRequest().getRequestURI() : "a request";
	}

	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static String mismatchMessage(MismatchedInputException ex) {
		Throwable root = NestedExceptionUtils.getMostSpecificCause(ex);
		if (root instanceof IllegalArgumentException && root != ex && root.getMessage() != null) {
			return root.getMessage();
		}
		Class<?> target = ex.getTargetType();
		if (target == null) {
			return "invalid value";
		}
		if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
			return "must be an integer";
		}
		if (target == Double.class || target == double.class || target == Float.class || target == float.class) {
			return "must be a number";
		}
		if (target == Boolean.class || target == boolean.class) {
			return "must be true or false";
		}
		if (target == String.class) {
			return "must be a string";
		}
		if (target.isEnum()) {
			return "invalid value";
		}
		if (target.isRecord()) {
			return "must be an object";
		}
		return "must be a " + target.getSimpleName().toLowerCase(Locale.ROOT);
	}

	private static String location(StreamReadException ex) {
		return (ex.getLocation() != null)
				? " (line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() + ")" : "";
	}

}
