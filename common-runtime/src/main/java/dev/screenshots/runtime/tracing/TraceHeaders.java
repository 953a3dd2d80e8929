package dev.screenshots.runtime.tracing;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * Carries the W3C trace context ({@code traceparent}) of a request through the outbox and
 * RabbitMQ to the worker, so that the API's request, the job's messages and the worker's
 * capture share one trace id, which every log line shows.
 */
public final class TraceHeaders {

	/** Without tracing: no headers, no spans. */
	public static final TraceHeaders NONE = new TraceHeaders(Tracer.NOOP, Propagator.NOOP);

	private final Tracer tracer;

	private final Propagator propagator;

	public TraceHeaders(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/**
	 * The current trace context as message headers.
	 * @return e.g. {@code traceparent}, or nothing outside a trace
	 */
	public Map<String, String> current() {
		Span span = this.tracer.currentSpan();
		if (span == null) {
			return Map.of();
		}
		Map<String, String> headers = new LinkedHashMap<>();
		this.propagator.inject(span.context(), headers, Map::put);
		return headers;
	}

	/**
	 * Starts a span that continues the trace a message carries (a new trace when it
	 * carries none). The caller puts it in scope and ends it.
	 * @param name the span's name
	 * @param headers the message's headers
	 * @return the started span
	 */
	public Span startFrom(String name, Map<String, Object> headers) {
		return this.propagator.extract(headers, (carrier, key) -> {
			Object value = carrier.get(key);
			return (value != null) ? value.toString() : null;
		}).name(name).start();
	}

	/**
	 * Puts a span in scope on this thread; closing the scope restores the previous one.
	 * @param span the span
	 * @return the scope
	 */
	public Tracer.SpanInScope inScope(Span span) {
		return this.tracer.withSpan(span);
	}

}
