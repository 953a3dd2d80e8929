package dev.screenshots.api.system;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Enforces {@code api.limits.max-request-body} (for multipart uploads, that plus
 * {@code api.limits.max-bundle-size}): a declared {@code Content-Length} over the limit
 * is refused before anything is read; a chunked body is cut off as soon as it passes the
 * limit. Both end as 413 problem details from {@link ProblemDetailsAdvice}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestBodyLimitFilter extends OncePerRequestFilter {

	private final ApiLimitsProperties limits;

	private final HandlerExceptionResolver resolver;

	RequestBodyLimitFilter(ApiLimitsProperties limits,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
		this.limits = limits;
		this.resolver = resolver;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		DataSize max = limit(request);
		if (request.getContentLengthLong() > max.toBytes()) {
			this.resolver.resolveException(request, response, null, new PayloadTooLargeException(max));
			return;
		}
		chain.doFilter(new LimitedRequest(request, max), response);
	}

	/**
	 * A multipart upload (a bundle) may be as large as the bundle limit plus a JSON
	 * request part; any other body as large as {@code api.limits.max-request-body}.
	 */
	private DataSize limit(HttpServletRequest request) {
		String type = request.getContentType();
		if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
			return DataSize.ofBytes(this.limits.maxBundleSize().toBytes() + this.limits.maxRequestBody().toBytes());
		}
		return this.limits.maxRequestBody();
	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final DataSize limit;

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, DataSize limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedInputStream(super.getInputStream(), this.limit);
			}
			return this.stream;
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final DataSize limit;

		private long read;

		LimitedInputStream(ServletInputStream delegate, DataSize limit) {
			this.delegate = delegate;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws PayloadTooLargeException {
			this.read += n;
			if (this.read > this.limit.toBytes()) {
				throw new PayloadTooLargeException(this.limit);
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
