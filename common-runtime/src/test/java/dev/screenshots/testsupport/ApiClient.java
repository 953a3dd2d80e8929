package dev.screenshots.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for the API, as any client would use it.
 */
public final class ApiClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Waits.scaled(Duration.ofSeconds(5))).build();

	/** The admin key the test api-service instances are bootstrapped with. */
	public static final String TEST_ADMIN_KEY = "ssk_TestAdminKey0000000000000000000";

	private final String baseUrl;

	private final Duration timeout;

	private final String apiKey;

	/**
	 * A client that authenticates with the test admin key, and waits for each answer at
	 * most {@link Waits#MOMENT} (scaled).
	 * @param baseUrl the API's base URL
	 */
	public ApiClient(String baseUrl) {
		this(baseUrl, Waits.scaled(Waits.MOMENT), TEST_ADMIN_KEY);
	}

	private ApiClient(String baseUrl, Duration timeout, String apiKey) {
		this.baseUrl = baseUrl;
		this.timeout = timeout;
		this.apiKey = apiKey;
	}

	/**
	 * A client that sends another key, or none.
	 * @param key the API key, or {@code null} to send no {@code Authorization} header
	 * @return a new client
	 */
	public ApiClient withKey(String key) {
		return new ApiClient(this.baseUrl, this.timeout, key);
	}

	/**
	 * Creates a key through the admin API.
	 * @param tenant its tenant
	 * @param role {@code client} or {@code admin}
	 * @param extraJson extra JSON members, e.g. {@code "submitsPerMinute":5}, or empty
	 * @return the new key's secret
	 */
	public String createKey(String tenant, String role, String extraJson) {
		Response created = post("/admin/api-keys", "application/json", "{\"name\":\"test\",\"tenant\":\"" + tenant
				+ "\",\"role\":\"" + role + "\"" + (extraJson.isEmpty() ? "" : "," + extraJson) + "}");
		if (created.status() != 201) {
			throw new IllegalStateException("Could not create a key: " + created);
		}
		return created.json().path("key").asString();
	}

	public Response post(String path, String contentType, String body) {
		return post(path, contentType, body, Map.of());
	}

	public Response post(String path, String contentType, String body, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(this.timeout)
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body));
		headers.forEach(request::header);
		return send(request.build());
	}

	/**
	 * Posts a {@code multipart/form-data} body.
	 * @param path the path
	 * @param parts the parts, in order
	 * @return the response
	 */
	public Response postMultipart(String path, List<Part> parts) {
		String boundary = "----test" + UUID.randomUUID();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (Part part : parts) {
			StringBuilder head = new StringBuilder("--").append(boundary)
				.append("\r\nContent-Disposition: form-data; name=\"")
				.append(part.name())
				.append('"');
			if (part.filename() != null) {
				head.append("; filename=\"").append(part.filename()).append('"');
			}
			head.append("\r\n");
			if (part.contentType() != null) {
				head.append("Content-Type: ").append(part.contentType()).append("\r\n");
			}
			body.writeBytes(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
			body.writeBytes(part.content());
			body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
		}
		body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(this.timeout)
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
			.build());
	}

	/**
	 * One part of a multipart body.
	 *
	 * @param name the form field
	 * @param filename the file name, or {@code null} for a plain field
	 * @param contentType the part's type, or {@code null}
	 * @param content the bytes
	 */
	public record Part(String name, String filename, String contentType, byte[] content) {

		public static Part field(String name, String value) {
			return new Part(name, null, null, value.getBytes(StandardCharsets.UTF_8));
		}

		public static Part file(String name, String filename, byte[] content) {
			return new Part(name, filename, "application/octet-stream", content);
		}

	}

	public Response patch(String path, String json) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(this.timeout)
			.header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	public Response put(String path, String json) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(this.timeout)
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	public Response delete(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path)).timeout(this.timeout).DELETE().build());
	}

	/**
	 * A client whose requests fail when no answer came within {@code timeout}. The limit
	 * is taken as it is: it may be what the test checks.
	 * @param timeout the per-request time limit
	 * @return a new client
	 */
	public ApiClient withTimeout(Duration timeout) {
		return new ApiClient(this.baseUrl, timeout, this.apiKey);
	}

	public Response submit(String json) {
		return post("/screenshots", "application/json", json);
	}

	public Response get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path)).timeout(this.timeout).GET().build());
	}

	/**
	 * A GET with request headers.
	 * @param path the path and query
	 * @param headers the headers, e.g. {@code If-None-Match}
	 * @return the response
	 */
	public Response get(String path, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(this.timeout)
			.GET();
		headers.forEach(request::header);
		return send(request.build());
	}

	/**
	 * Polls a job until it is completed or failed, at most {@link Waits#ONE_JOB}
	 * (scaled).
	 * @param id the job id
	 * @return the job's final JSON
	 */
	public JsonNode awaitTerminal(String id) {
		return awaitTerminal(id, Waits.ONE_JOB);
	}

	/**
	 * Polls a job until it is completed or failed.
	 * @param id the job id
	 * @param base how long to wait on an ordinary machine, scaled by {@link Waits}
	 * @return the job's final JSON
	 */
	public JsonNode awaitTerminal(String id, Duration base) {
		return Waits.await(base)
			.until(() -> get("/screenshots/" + id).json(),
					(job) -> List.of("completed", "failed").contains(job.path("status").asString()));
	}

	private Response send(HttpRequest unsigned) {
		HttpRequest request = (this.apiKey != null) ? HttpRequest.newBuilder(unsigned, (name, value) -> true)
			.header("Authorization", "Bearer " + this.apiKey)
			.build() : unsigned;
		try {
			HttpResponse<byte[]> response = this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.headers().firstValue("Location").orElse(null), response.body(),
					response.headers().firstValue("Retry-After").orElse(null), response.headers().map());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An HTTP response.
	 *
	 * @param status the status code
	 * @param contentType the Content-Type header
	 * @param location the Location header, if any
	 * @param body the body bytes
	 * @param retryAfter the Retry-After header, if any
	 * @param headers all headers (names case-insensitive)
	 */
	public record Response(int status, String contentType, String location, byte[] body, String retryAfter,
			Map<String, List<String>> headers) {

		public Response(int status, String contentType, String location, byte[] body, String retryAfter) {
			this(status, contentType, location, body, retryAfter, Map.of());
		}

		/**
		 * A header's first value.
		 * @param name the header name, in any case
		 * @return the value, or {@code null}
		 */
		public String header(String name) {
			List<String> values = this.headers.get(name);
			return (values == null || values.isEmpty()) ? null : values.get(0);
		}

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		@Override
		public String toString() {
			return this.status + " " + this.contentType + " " + new String(this.body);
		}

	}

}
