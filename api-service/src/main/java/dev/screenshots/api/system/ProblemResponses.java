package dev.screenshots.api.system;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;

/**
 * Writes problem details where no controller advice runs: in the security filter chain.
 * Same format and {@code type}s as {@link ProblemDetailsAdvice}.
 */
@Component
public class ProblemResponses {

	private final JsonMapper json;

	ProblemResponses(JsonMapper json) {
		this.json = json;
	}

	public void unauthorized(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		boolean presented = request.getHeader("Authorization") != null;
		response.setHeader("WWW-Authenticate",
				presented ? "Bearer realm=\"screenshots\", error=\"invalid_token\"" : "Bearer realm=\"screenshots\"");
		write(request, response, HttpStatus.UNAUTHORIZED, "unauthorized",
				presented ? "INVALID_API_KEY" : "MISSING_API_KEY", "Unauthorized",
				presented ? "The API key is invalid or revoked"
						: "An API key is required: send 'Authorization: Bearer <key>'");
	}

	public void forbidden(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		write(request, response, HttpStatus.FORBIDDEN, "forbidden", "FORBIDDEN", "Forbidden",
				"This API key's role may not use this endpoint");
	}

	public void badRequest(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
		write(request, response, HttpStatus.BAD_REQUEST, "bad-request", "BAD_REQUEST", "Bad request", detail);
	}

	private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String slug,
			String code, String title, String detail) throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(ProblemDetailsAdvice.type(slug));
		problem.setTitle(title);
		problem.setInstance(URI.create(request.getRequestURI()));
		problem.setProperty("code", code);
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), problem);
	}

}
