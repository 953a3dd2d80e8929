package dev.screenshots.api.apikeys;

import jakarta.servlet.DispatcherType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import dev.screenshots.api.system.ProblemResponses;
import dev.screenshots.runtime.security.UrlPolicyConfiguration;

/**
 * Who may call what. Every endpoint needs an API key ({@code Authorization: Bearer …})
 * except health, metrics, the API documentation and {@code /render} (signed links);
 * {@code /admin/**} and {@code /workers} need the admin role. Stateless: no sessions, no
 * cookies, no CSRF tokens. Also provides the URL policy submitted URLs are checked
 * against.
 */
@Configuration(proxyBeanMethods = false)
@Import(UrlPolicyConfiguration.class)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeys keys, ProblemResponses problems) throws Exception {
		http.csrf(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authorizeHttpRequests((requests) -> requests
				// the dispatch that ends a stream (Server-Sent Events) belongs to a
				// request
				// authorised when it began; the key is not checked again
				.dispatcherTypeMatchers(DispatcherType.ASYNC)
				.permitAll()
				.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/actuator/info")
				.permitAll()
				.requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html")
				.permitAll()
				.requestMatchers("/", "/index.html", "/favicon.ico", "/assets/**", "/error")
				.permitAll()
				// a render link carries its own signature, checked by the render feature
				.requestMatchers("/render")
				.permitAll()
				.requestMatchers("/admin/**", "/workers", "/workers/**")
				.hasRole("ADMIN")
				.anyRequest()
				.hasRole("CLIENT"))
			.addFilterBefore(new ApiKeyAuthenticationFilter(keys, problems), AnonymousAuthenticationFilter.class)
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems::unauthorized)
				.accessDeniedHandler(problems::forbidden));
		return http.build();
	}

	/**
	 * Requests the firewall refuses (path traversal, encoded slashes, invalid characters)
	 * get a problem-details 400 like any other bad request.
	 * @param problems the problem writer
	 * @return the handler
	 */
	@Bean
	RequestRejectedHandler problemDetailsForRejectedRequests(ProblemResponses problems) {
		return (request, response, ex) -> problems.badRequest(request, response, "The request was rejected: "
				+ "its path or headers are not allowed (e.g. '..', encoded slashes or control characters)");
	}

	/**
	 * No user accounts: API keys are the only credentials (this also stops Spring Boot
	 * from generating a default password).
	 * @return a user store without users
	 */
	@Bean
	UserDetailsService noUsers() {
		return (username) -> {
			throw new UsernameNotFoundException(username);
		};
	}

}
