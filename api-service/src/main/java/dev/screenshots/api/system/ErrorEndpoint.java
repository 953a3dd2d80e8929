package dev.screenshots.api.system;

import java.net.URI;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page ({@code /error}, in place of Spring Boot's): an error that
 * did not pass through Spring MVC (a filter's, the container's {@code sendError}) is
 * answered as problem+json like every other. Asked for directly, without an error to
 * report, it answers 404: Spring Boot's answered 500.
 */
@Hidden
@RestController
class ErrorEndpoint implements ErrorController {

	@RequestMapping("/error")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		// any 4xx or 5xx the container reports; none (asked for directly): 404
		int status = (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code && code >= 400
				&& code <= 599) ? code : HttpStatus.NOT_FOUND.value();
		ProblemDetail problem = ProblemDetailsAdvice.typed(ProblemDetail.forStatus(status), status);
		if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
			try {
				problem.setInstance(URI.create(uri));
			}
			catch (IllegalArgumentException notAUri) {
				// the problem goes without its instance
			}
		}
		// the content type set here is used whatever the request accepts
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
