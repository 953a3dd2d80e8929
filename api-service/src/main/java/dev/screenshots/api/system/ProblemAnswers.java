package dev.screenshots.api.system;

import jakarta.validation.ConstraintViolationException;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.WebRequest;

/**
 * The problem answer an error would get as the answer of a whole request, for a feature
 * that answers several parts of one request separately (the items of a batch): the same
 * status, type, code and fields, from the same advice.
 */
@Component
public class ProblemAnswers {

	private final ProblemDetailsAdvice advice;

	ProblemAnswers(ProblemDetailsAdvice advice) {
		this.advice = advice;
	}

	/**
	 * Answers an error as the advice would.
	 * @param ex the error
	 * @param request the request it happened in
	 * @return the status and the problem document
	 */
	public ResponseEntity<?> answer(Exception ex, WebRequest request) {
		if (ex instanceof ApiProblemException problem) {
			return this.advice.apiProblem(problem, request);
		}
		if (ex instanceof ConstraintViolationException violations) {
			return this.advice.constraintViolation(violations, request);
		}
		try {
			ResponseEntity<Object> answer = this.advice.handleException(ex, request);
			if (answer != null && answer.getBody() instanceof ProblemDetail) {
				return answer;
			}
		}
		catch (Exception notSpringMvcs) {
			// not one of the framework's own exceptions
		}
		return this.advice.unexpected(ex, request);
	}

}
