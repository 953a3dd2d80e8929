package dev.screenshots.api.system;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * Fields of the request are invalid in a way the JSON body's validation does not see (a
 * configured limit, a query parameter): answered like a failed validation, {@code 400}
 * with type {@code validation-error}, code {@code INVALID_REQUEST} and the fields in
 * {@code errors}.
 */
public class InvalidFieldException extends ApiProblemException {

	private final List<FieldProblem> problems;

	/**
	 * @param field the JSON path of the field or the query parameter
	 * @param message what is wrong with it
	 */
	public InvalidFieldException(String field, String message) {
		this(List.of(new FieldProblem(field, message)));
	}

	/**
	 * @param problems the invalid fields, at least one
	 */
	public InvalidFieldException(List<FieldProblem> problems) {
		super(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", "Invalid request", problems.get(0).message());
		this.problems = List.copyOf(problems);
	}

	/**
	 * The first invalid field.
	 * @return its path
	 */
	public String field() {
		return this.problems.get(0).field();
	}

	@Override
	public String slug() {
		return ProblemDetailsAdvice.VALIDATION_ERROR;
	}

	@Override
	public String detail() {
		return (this.problems.size() == 1) ? "1 field is invalid" : this.problems.size() + " fields are invalid";
	}

	@Override
	public Map<String, Object> properties() {
		return Map.of("errors", this.problems);
	}

}
