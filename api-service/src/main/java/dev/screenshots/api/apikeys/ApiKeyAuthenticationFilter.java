package dev.screenshots.api.apikeys;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.screenshots.api.system.ProblemResponses;

/**
 * Authenticates {@code Authorization: Bearer <api key>}. A request without the header
 * goes on anonymous (public endpoints serve it, the others answer 401); a request with an
 * unknown or revoked key is answered 401 at once. The key never appears in logs.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

	private final ApiKeys keys;

	private final ProblemResponses problems;

	ApiKeyAuthenticationFilter(ApiKeys keys, ProblemResponses problems) {
		this.keys = keys;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader("Authorization");
		if (header == null) {
			chain.doFilter(request, response);
			return;
		}
		Optional<ApiKeyPrincipal> caller = header.regionMatches(true, 0, "Bearer ", 0, 7)
				? this.keys.authenticate(header.substring(7).strip()) : Optional.empty();
		if (caller.isEmpty()) {
			this.problems.unauthorized(request, response, new BadCredentialsException("invalid API key"));
			return;
		}
		SecurityContextHolder.getContext().setAuthentication(new ApiKeyAuthentication(caller.get()));
		try {
			chain.doFilter(request, response);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

	/**
	 * An authenticated API key; an admin also holds the client role.
	 */
	static final class ApiKeyAuthentication extends AbstractAuthenticationToken {

		private final ApiKeyPrincipal principal;

		ApiKeyAuthentication(ApiKeyPrincipal principal) {
			super((principal.role() == Role.ADMIN)
					? List.of(new SimpleGrantedAuthority(Role.ADMIN.authority()),
							new SimpleGrantedAuthority(Role.CLIENT.authority()))
					: List.of(new SimpleGrantedAuthority(Role.CLIENT.authority())));
			this.principal = principal;
			setAuthenticated(true);
		}

		@Override
		public Object getCredentials() {
			return "";
		}

		@Override
		public ApiKeyPrincipal getPrincipal() {
			return this.principal;
		}

	}

}
