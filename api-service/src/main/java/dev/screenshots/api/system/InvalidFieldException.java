package dev.screenshots.api.system;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * One field of the request is invalid in a way Bean Validation cannot see (a configured
 * limit, a query parameter): answered like a failed validation, {@code 400} with type
 * {@code validation-error}, code {@code INVALID_REQUEST} and the field in {@code errors}.
 */
public class InvalidFieldException extends ApiProblemException {

	private final FieldProblem problem;

	/**
	 * @param field the JSON path of the field or the query parameter
	 * @param message what is wrong with it
	 */
	public InvalidFieldException(String field, String message) {
		super(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", "Invalid request", message);
		this.problem = new FieldProblem(field, message);
	}

	public String field() {
		return this.problem.field();
	}

	@Override
	public String slug() {
		return ProblemDetailsAdvice.VALIDATION_ERROR;
	}

	@Override
	public String detail() {
		return "1 field is invalid";
	}

	@Override
	public Map<String, Object> properties() {
		return Map.of("errors", List.of(this.problem));
	}

}
