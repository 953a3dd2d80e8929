package dev.screenshots.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.screenshots.testsupport.ApiClient;
import dev.screenshots.testsupport.HostileInputs;
import dev.screenshots.testsupport.TestInfrastructure;
import dev.screenshots.testsupport.TestPages;
import dev.screenshots.testsupport.Zips;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile-input corpus against the running API: every SSRF spelling, malformed and
 * oversized JSON, wrong types, huge numbers, unknown fields, bad headers, path tricks and
 * authentication and tenant cases. Each case must get exactly its status and problem
 * type, never a 5xx, and leave nothing behind: no job, no outbox message, no key.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "api.limits.max-request-body=64KB", "api.limits.max-timeout=60s", "api.limits.max-html=16KB",
				"api.limits.max-bundle-files=20", "api.limits.max-bundle-size=256KB", "api.limits.max-actions=10",
				"api.rate-limits.submits-per-minute=100000", "api.rate-limits.burst=100000",
				"api.keys.bootstrap-admin-key=" + ApiClient.TEST_ADMIN_KEY })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIntegrationTests {

	static final TestInfrastructure infrastructure = TestInfrastructure.create();

	/**
	 * A server on loopback that no request may reach: loopback is not allowed in this
	 * test.
	 */
	static final TestPages canary = TestPages.start();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	String clientKey;

	String otherTenantKey;

	String revokedKey;

	String otherTenantJob;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		infrastructure.register(registry, Set.of("security.url-policy.allow[0]"));
		HostileInputs.staticHostProperties().forEach((key, value) -> registry.add(key, () -> value));
	}

	@BeforeAll
	void createKeysAndAJobOfAnotherTenant() {
		ApiClient admin = client();
		this.clientKey = admin.createKey("tenant-a", "client", "");
		this.otherTenantKey = admin.createKey("tenant-b", "client", "");
		this.revokedKey = admin.createKey("tenant-a", "client", "");
		String revokedId = admin.get("/admin/api-keys")
			.json()
			.path("keys")
			.valueStream()
			.filter((key) -> this.revokedKey.startsWith(key.path("prefix").asString()))
			.findFirst()
			.orElseThrow()
			.path("id")
			.asString();
		assertThat(admin.delete("/admin/api-keys/" + revokedId).status()).isEqualTo(200);
		ApiClient.Response job = admin.withKey(this.otherTenantKey).submit("{\"url\":\"https://public.test/\"}");
		assertThat(job.status()).as(job.toString()).isEqualTo(202);
		this.otherTenantJob = job.json().path("id").asString();
	}

	@AfterAll
	void cleanUp() {
		canary.close();
		infrastructure.close();
	}

	/**
	 * One hostile request.
	 *
	 * @param name what it tries
	 * @param method the HTTP method
	 * @param path the path
	 * @param contentType the content type, or {@code null}
	 * @param body the body, or {@code null}
	 * @param headers extra headers
	 * @param key which key to send: {@code admin}, {@code client}, {@code other-tenant},
	 * {@code revoked}, {@code none}, or a literal Authorization value
	 * @param status the expected status
	 * @param type the expected problem type
	 */
	record Case(String name, String method, String path, String contentType, String body, Map<String, String> headers,
			String key, int status, String type) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	Stream<Arguments> corpus() {
		List<Case> cases = new ArrayList<>();
		for (String url : HostileInputs.deniedUrls()) {
			cases.add(submit("SSRF " + url, json(url), 400, "/problems/url-not-allowed"));
		}
		cases.add(submit("SSRF canary on loopback", json(canary.url("/secret")), 400, "/problems/url-not-allowed"));
		cases.add(submit("SSRF canary via decimal IP", json("http://2130706433:" + canary.port() + "/"), 400,
				"/problems/url-not-allowed"));
		for (String url : HostileInputs.invalidUrls()) {
			cases.add(submit("not an http URL " + url, json(url), 400, "/problems/validation-error"));
		}
		String[][] malformed = { { "truncated JSON", "{\"url\":" }, { "not JSON", "hello" },
				{ "single quotes", "{'url':'https://public.test/'}" }, { "trailing comma", "{\"url\":\"x\",}" },
				{ "comments", "/* x */ {\"url\":\"https://public.test/\"}" },
				{ "NaN", "{\"url\":\"u\",\"options\":{\"width\":NaN}}" }, { "bare string", "\"https://public.test/\"" },
				{ "number body", "42" }, { "array body", "[{\"url\":\"x\"}]" }, { "null body", "null" },
				{ "unterminated string", "{\"url\":\"https://public.test/}" },
				{ "invalid escape", "{\"url\":\"\\q\"}" }, { "control character in string", "{\"url\":\"a\u0001b\"}" },
				{ "deep nesting", "[".repeat(3000) + "]".repeat(3000) },
				{ "deep nesting in options", "{\"url\":\"https://public.test/\",\"options\":" + "{\"a\":".repeat(2000)
						+ "1" + "}".repeat(2000) + "}" } };
		for (String[] bad : malformed) {
			// an unknown field is found before the nesting limit is reached
			String type = bad[0].startsWith("deep nesting in") ? "/problems/validation-error"
					: "/problems/malformed-request";
			cases.add(submit(bad[0], bad[1], 400, type));
		}
		String[][] invalidFields = { { "width as string", "\"width\":\"wide\"" }, { "width as object", "\"width\":{}" },
				{ "width as array", "\"width\":[1]" }, { "width fractional", "\"width\":10.5" },
				{ "width negative", "\"width\":-1" }, { "width zero", "\"width\":0" },
				{ "width huge", "\"width\":99999999" },
				{ "width beyond long", "\"width\":123456789012345678901234567890" },
				{ "width exponent", "\"width\":1e400" }, { "height huge", "\"height\":2147483648" },
				{ "quality 0", "\"quality\":0" }, { "quality 101", "\"quality\":101" },
				{ "delay negative", "\"delayMs\":-1" }, { "delay huge", "\"delayMs\":999999999" },
				{ "timeout tiny", "\"timeoutMs\":1" }, { "timeout huge", "\"timeoutMs\":86400000" },
				{ "deviceScaleFactor as string", "\"deviceScaleFactor\":\"1.5\"" },
				{ "deviceScaleFactor as boolean", "\"deviceScaleFactor\":true" },
				{ "format gif", "\"format\":\"gif\"" }, { "format number", "\"format\":1" },
				{ "waitUntil unknown", "\"waitUntil\":\"forever\"" }, { "fullPage string", "\"fullPage\":\"yes\"" },
				{ "fullPage number", "\"fullPage\":2" }, { "unknown option", "\"fullpage\":true" },
				{ "unknown option __proto__", "\"__proto__\":{\"admin\":true}" },
				{ "unknown option tenant", "\"tenant\":\"tenant-b\"" } };
		for (String[] bad : invalidFields) {
			cases.add(submit(bad[0], "{\"url\":\"https://public.test/\",\"options\":{" + bad[1] + "}}", 400,
					"/problems/validation-error"));
		}
		cases.add(submit("viewport over the pixel budget",
				"{\"url\":\"https://public.test/\",\"options\":{\"width\":3000,\"height\":3000,\"deviceScaleFactor\":2}}",
				400, "/problems/validation-error"));
		cases.add(submit("timeout over the configured cap",
				"{\"url\":\"https://public.test/\",\"options\":{\"timeoutMs\":90000}}", 400,
				"/problems/validation-error"));
		cases.add(submit("unknown top-level field", "{\"url\":\"https://public.test/\",\"priority\":\"high\",\"x\":1}",
				400, "/problems/validation-error"));
		cases.add(submit("tenant smuggled at top level", "{\"url\":\"https://public.test/\",\"tenant\":\"tenant-b\"}",
				400, "/problems/validation-error"));
		cases.add(submit("url as number", "{\"url\":5}", 400, "/problems/validation-error"));
		cases.add(submit("url as array", "{\"url\":[\"https://public.test/\"]}", 400, "/problems/validation-error"));
		cases.add(submit("url missing", "{\"options\":{}}", 400, "/problems/validation-error"));
		cases.add(submit("url null", "{\"url\":null}", 400, "/problems/validation-error"));
		cases.add(submit("url too long", json("https://public.test/" + "a".repeat(3000)), 400,
				"/problems/validation-error"));
		cases.add(submit("options not an object", "{\"url\":\"https://public.test/\",\"options\":\"all\"}", 400,
				"/problems/validation-error"));
		cases.add(submit("body over the limit", json("https://public.test/" + "a".repeat(70_000)), 413,
				"/problems/payload-too-large"));
		cases.add(new Case("empty body", "POST", "/screenshots", "application/json", "", Map.of(), "client", 400,
				"/problems/malformed-request"));
		cases.add(new Case("text/plain body", "POST", "/screenshots", "text/plain", "https://public.test/", Map.of(),
				"client", 415, "/problems/unsupported-media-type"));
		cases.add(new Case("form body", "POST", "/screenshots", "application/x-www-form-urlencoded",
				"url=https://public.test/", Map.of(), "client", 415, "/problems/unsupported-media-type"));
		cases.add(new Case("xml body", "POST", "/screenshots", "application/xml", "<url>https://public.test/</url>",
				Map.of(), "client", 415, "/problems/unsupported-media-type"));
		cases.add(new Case("GET with unacceptable Accept", "GET", "/screenshots/" + UUID.randomUUID(), null, null,
				Map.of("Accept", "image/png"), "client", 406, "/problems/not-acceptable"));
		cases.add(new Case("PUT on the collection", "PUT", "/screenshots", "application/json", "{}", Map.of(), "client",
				405, "/problems/method-not-allowed"));
		String[] badIdempotencyKeys = { "", "\"\"", "x".repeat(256), "clé", "a\tb" };
		for (String key : badIdempotencyKeys) {
			cases.add(new Case("Idempotency-Key " + key.length() + " chars " + key.hashCode(), "POST", "/screenshots",
					"application/json", json("https://public.test/"), Map.of("Idempotency-Key", key), "client", 400,
					"/problems/invalid-idempotency-key"));
		}
		String random = UUID.randomUUID().toString();
		// "€" is E2 82 AC in UTF-8: the header's firewall refuses 0x82 when the header is
		// read, which for these is inside Spring MVC (it was a 500)
		for (String[] header : new String[][] { { "POST", "/screenshots", "Idempotency-Key", "key-€" },
				{ "POST", "/screenshots", "Prefer", "wait=1, x=€" },
				{ "GET", "/screenshots/" + random + "/image", "If-None-Match", "\"€\"" },
				{ "GET", "/screenshots/" + random + "/events", "Last-Event-ID", "€" } }) {
			cases.add(new Case(header[2] + " with raw UTF-8", header[0], header[1],
					header[0].equals("POST") ? "application/json" : null,
					header[0].equals("POST") ? json("https://public.test/") : null, Map.of(header[2], header[3]),
					"client", 400, "/problems/validation-error"));
		}
		// times ISO-8601 allows and PostgreSQL cannot hold (each was a 500)
		String farCursor = java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("+999999-01-01T00:00:00Z|" + random).getBytes(StandardCharsets.UTF_8));
		for (String query : new String[] { "since=%2B999999-01-01T00:00:00Z", "until=%2B999999999-12-31T23:59:59-18:00",
				"cursor=" + farCursor }) {
			cases.add(new Case("job list " + query, "GET", "/screenshots?" + query, null, null, Map.of(), "client", 400,
					"/problems/validation-error"));
		}
		for (String query : new String[] { "since=%2B999999-01-01T00:00:00Z", "until=%2B1000000000-01-01T00:00:00Z",
				"page=-1", "errorCode=lower" }) {
			cases.add(new Case("dead-letter list " + query, "GET", "/admin/dead-letters?" + query, null, null, Map.of(),
					"admin", 400, "/problems/validation-error"));
		}
		cases.add(new Case("dead-letter redrive since beyond PostgreSQL", "POST", "/admin/dead-letters/redrive",
				"application/json", "{\"since\":\"+999999-01-01T00:00:00Z\"}", Map.of(), "admin", 400,
				"/problems/validation-error"));
		// a regular expression of a repeated group ran out of stack (a 500)
		cases.add(submit("pdf.pageRanges of 20,000 pages",
				"{\"url\":\"https://public.test/\",\"options\":{\"format\":\"pdf\",\"pdf\":{\"pageRanges\":\""
						+ "1,".repeat(20_000) + "1\"}}}",
				400, "/problems/validation-error"));
		// PostgreSQL's text and jsonb hold no NUL (each was a 500)
		for (String[] nul : new String[][] {
				{ "name",
						"{\"name\":\"a\\u0000b\",\"cron\":\"@daily\",\"request\":{\"url\":\"https://public.test/\"}}" },
				{ "cron", "{\"cron\":\"@daily\\u0000\",\"request\":{\"url\":\"https://public.test/\"}}" }, { "request",
						"{\"cron\":\"@daily\",\"request\":{\"url\":\"https://public.test/\",\"options\":{\"css\":\"a\\u0000\"}}}" } }) {
			cases.add(new Case("schedule " + nul[0] + " with a NUL", "POST", "/schedules", "application/json", nul[1],
					Map.of(), "client", 400, "/problems/validation-error"));
		}
		// UTF-8 cannot carry half of a surrogate pair: the driver stored '?' in its place
		cases.add(submit("url with half of a surrogate pair", "{\"url\":\"https://public.test/\\ud800\"}", 400,
				"/problems/validation-error"));
		cases.add(submit("userAgent with half of a surrogate pair",
				"{\"url\":\"https://public.test/\",\"options\":{\"userAgent\":\"a\\udc00b\"}}", 400,
				"/problems/validation-error"));
		cases.add(new Case("key named with a NUL", "POST", "/admin/api-keys", "application/json",
				"{\"name\":\"a\\u0000b\",\"tenant\":\"t\",\"role\":\"client\"}", Map.of(), "admin", 400,
				"/problems/validation-error"));
		// Spring Boot's own error page answered this with a 500
		cases.add(new Case("the error page asked for directly", "GET", "/error", null, null, Map.of(), "none", 404,
				"/problems/not-found"));
		cases.add(new Case("the error page asked for as HTML", "GET", "/error", null, null,
				Map.of("Accept", "text/html"), "none", 404, "/problems/not-found"));
		cases.add(new Case("encoded NUL in the path", "GET", "/screenshots/%00", null, null, Map.of(), "client", 400,
				"/problems/bad-request"));
		for (String path : new String[] { "/screenshots/" + random, "/screenshots/" + random + "/image",
				"/screenshots/not-a-uuid", "/screenshots/' OR 1=1 --" }) {
			cases.add(new Case("unknown job " + path, "GET", path.replace(" ", "%20").replace("'", "%27"), null, null,
					Map.of(), "client", 404, "/problems/job-not-found"));
		}
		cases.add(new Case("path traversal to admin", "GET", "/screenshots/..%2Fadmin%2Fapi-keys", null, null, Map.of(),
				"client", 400, "/problems/bad-request"));
		cases.add(new Case("dot segments to admin", "GET", "/screenshots/%2e%2e/admin/api-keys", null, null, Map.of(),
				"client", 400, "/problems/bad-request"));
		cases.add(new Case("no key", "POST", "/screenshots", "application/json", json("https://public.test/"), Map.of(),
				"none", 401, "/problems/unauthorized"));
		cases.add(new Case("unknown key", "POST", "/screenshots", "application/json", json("https://public.test/"),
				Map.of(), "Bearer ssk_" + "x".repeat(32), 401, "/problems/unauthorized"));
		cases.add(new Case("key without prefix", "GET", "/screenshots/" + random, null, null, Map.of(), "Bearer abcdef",
				401, "/problems/unauthorized"));
		cases.add(new Case("empty bearer", "GET", "/screenshots/" + random, null, null, Map.of(), "Bearer ", 401,
				"/problems/unauthorized"));
		cases.add(new Case("basic auth", "GET", "/screenshots/" + random, null, null, Map.of(),
				"Basic YWRtaW46YWRtaW4=", 401, "/problems/unauthorized"));
		cases.add(new Case("huge bearer", "GET", "/screenshots/" + random, null, null, Map.of(),
				"Bearer ssk_" + "y".repeat(5000), 401, "/problems/unauthorized"));
		cases.add(new Case("revoked key", "POST", "/screenshots", "application/json", json("https://public.test/"),
				Map.of(), "revoked", 401, "/problems/unauthorized"));
		cases.add(new Case("no key on admin", "GET", "/admin/api-keys", null, null, Map.of(), "none", 401,
				"/problems/unauthorized"));
		cases.add(new Case("no key on workers", "GET", "/workers", null, null, Map.of(), "none", 401,
				"/problems/unauthorized"));
		for (String[] admin : new String[][] { { "GET", "/admin/api-keys" }, { "GET", "/admin/dead-letters" },
				{ "POST", "/admin/dead-letters/redrive" }, { "DELETE", "/admin/api-keys/" + random },
				{ "GET", "/workers" } }) {
			cases.add(new Case("client key on " + admin[0] + " " + admin[1], admin[0], admin[1], "application/json",
					admin[0].equals("POST") ? "{}" : null, Map.of(), "client", 403, "/problems/forbidden"));
		}
		cases.add(new Case("client key creating a key", "POST", "/admin/api-keys", "application/json",
				"{\"name\":\"x\",\"tenant\":\"tenant-a\",\"role\":\"admin\"}", Map.of(), "client", 403,
				"/problems/forbidden"));
		cases.add(new Case("key with an invalid role", "POST", "/admin/api-keys", "application/json",
				"{\"name\":\"x\",\"tenant\":\"t\",\"role\":\"root\"}", Map.of(), "admin", 400,
				"/problems/validation-error"));
		cases.add(new Case("key with an invalid tenant", "POST", "/admin/api-keys", "application/json",
				"{\"name\":\"x\",\"tenant\":\"../t\",\"role\":\"client\"}", Map.of(), "admin", 400,
				"/problems/validation-error"));
		cases.add(new Case("key with a zero rate", "POST", "/admin/api-keys", "application/json",
				"{\"name\":\"x\",\"tenant\":\"t\",\"role\":\"client\",\"submitsPerMinute\":0}", Map.of(), "admin", 400,
				"/problems/validation-error"));
		bundleCases(cases);
		return cases.stream().map(Arguments::of);
	}

	/**
	 * Inline HTML, uploaded files and zips, and the option limits that come with them.
	 */
	private static void bundleCases(List<Case> cases) {
		cases.add(submit("html over api.limits.max-html", html("<p>" + "a".repeat(17 * 1024) + "</p>"), 413,
				"/problems/bundle-too-large"));
		cases.add(submit("html and url together", "{\"url\":\"https://public.test/\",\"html\":\"<p>x</p>\"}", 400,
				"/problems/validation-error"));
		cases.add(submit("html empty", html(""), 400, "/problems/validation-error"));
		cases.add(submit("html as object", "{\"html\":{\"a\":1}}", 400, "/problems/validation-error"));
		String[] badPaths = { "../index.html", "../../etc/passwd", "a/../../b.css", "/etc/passwd", "//host/share.css",
				"C:/Windows/win.ini", "c:\\boot.ini", "css\\site.css", "..\\..\\x", "./index.html", "a//b.css", "dir/",
				"a\u0001b.css", "." };
		for (String path : badPaths) {
			cases.add(upload("file path " + path.replace("\u0001", "<SOH>"), 400, "/problems/invalid-bundle",
					filePart("index.html", "<p>hi</p>"), filePart(path, "x")));
			// in a zip, a name ending in / is a directory (skipped), and backslashes are
			// read as /
			// as zips made on Windows use them ("css\\site.css" is css/site.css)
			if (!path.endsWith("/") && !path.equals("css\\site.css")) {
				cases.add(upload("zip entry " + path.replace("\u0001", "<SOH>"), 400, "/problems/invalid-bundle",
						zipPart(zip("index.html", "<p>hi</p>", path, "x"))));
			}
		}
		cases.add(upload("zip with a symbolic link", 400, "/problems/invalid-bundle", zipPart(symlinkZip())));
		cases.add(upload("zip bomb", 413, "/problems/bundle-too-large",
				zipPart(zip("index.html", "<p>hi</p>", "zeros.bin", "\0".repeat(200 * 1024)))));
		cases.add(upload("zip inflating over the bundle size", 413, "/problems/bundle-too-large", zipPart(
				zip("index.html", "<p>hi</p>", "a.txt", randomText(150 * 1024), "b.txt", randomText(150 * 1024)))));
		List<String> many = new ArrayList<>(List.of("index.html", "<p>hi</p>"));
		for (int i = 0; i < 25; i++) {
			many.add("f" + i + ".css");
			many.add("x");
		}
		cases.add(upload("zip with too many files", 413, "/problems/bundle-too-large",
				zipPart(zip(many.toArray(String[]::new)))));
		List<String> manyFiles = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			manyFiles.add(filePart((i == 0) ? "index.html" : "f" + i + ".css", "x"));
		}
		cases.add(upload("too many files", 413, "/problems/bundle-too-large", manyFiles.toArray(String[]::new)));
		cases.add(upload("files over the bundle size", 413, "/problems/bundle-too-large",
				filePart("index.html", "a".repeat(130 * 1024)), filePart("b.css", "b".repeat(130 * 1024))));
		cases.add(upload("zip that is not a zip", 400, "/problems/invalid-bundle",
				zipPart("PK\u0003\u0004 truncated garbage")));
		cases.add(upload("empty zip", 400, "/problems/invalid-bundle", zipPart(zip())));
		cases.add(upload("entry not in the bundle", 400, "/problems/invalid-bundle",
				field("request", "{\"entry\":\"missing.html\"}"), filePart("index.html", "x")));
		cases.add(upload("entry escaping the bundle", 400, "/problems/invalid-bundle",
				field("request", "{\"entry\":\"../index.html\"}"), filePart("index.html", "x")));
		cases.add(upload("files and a zip together", 400, "/problems/invalid-bundle", filePart("index.html", "x"),
				zipPart(zip("index.html", "x"))));
		cases.add(upload("no files at all", 400, "/problems/invalid-bundle", field("request", "{}")));
		cases.add(upload("same path twice", 400, "/problems/invalid-bundle", filePart("index.html", "a"),
				filePart("index.html", "b")));
		cases.add(upload("request part not JSON", 400, "/problems/malformed-request", field("request", "{\"entry\":"),
				filePart("index.html", "x")));
		cases.add(upload("request part with a url", 400, "/problems/validation-error",
				field("request", "{\"url\":\"http://127.0.0.1/\"}"), filePart("index.html", "x")));
		cases.add(upload("request part with invalid options", 400, "/problems/validation-error",
				field("request", "{\"options\":{\"width\":1}}"), filePart("index.html", "x")));
		cases.add(new Case("multipart without a boundary", "POST", "/screenshots", "multipart/form-data", "--x\r\n\r\n",
				Map.of(), "client", 400, "/problems/malformed-request"));
		cases.add(new Case("multipart cut off", "POST", "/screenshots", "multipart/form-data; boundary=" + BOUNDARY,
				"--" + BOUNDARY
						+ "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"index.html\"\r\n\r\nabc",
				Map.of(), "client", 400, "/problems/malformed-request"));
		String[][] optionLimits = { { "Host header", "\"extraHeaders\":{\"Host\":\"metadata.internal\"}" },
				{ "Proxy-Authorization header", "\"extraHeaders\":{\"Proxy-Authorization\":\"Basic eA==\"}" },
				{ "header with CRLF", "\"extraHeaders\":{\"X-A\":\"a\\r\\nHost: evil\"}" },
				{ "header name with colon", "\"extraHeaders\":{\"X-A:\":\"v\"}" },
				{ "header value over 8 KiB", "\"extraHeaders\":{\"X-A\":\"" + "v".repeat(8193) + "\"}" },
				{ "51 headers", "\"extraHeaders\":{" + numbered(51, "\"X-H%d\":\"v\"") + "}" },
				{ "51 cookies", "\"cookies\":[" + numbered(51, "{\"name\":\"c%d\",\"value\":\"v\"}") + "]" },
				{ "cookie value over 4 KiB", "\"cookies\":[{\"name\":\"c\",\"value\":\"" + "v".repeat(4097) + "\"}]" },
				{ "headers over api.limits.max-header-bytes",
						"\"extraHeaders\":{" + numbered(3, "\"X-H%d\":\"" + "v".repeat(6000) + "\"") + "}" },
				{ "cookies over api.limits.max-cookie-bytes",
						"\"cookies\":[" + numbered(5, "{\"name\":\"c%d\",\"value\":\"" + "v".repeat(4000) + "\"}")
								+ "]" },
				{ "actions over api.limits.max-actions",
						"\"actions\":[" + numbered(11, "{\"type\":\"wait\",\"ms\":%d}") + "]" },
				{ "51 actions", "\"actions\":[" + numbered(51, "{\"type\":\"wait\",\"ms\":%d}") + "]" },
				{ "action wait over 30 s", "\"actions\":[{\"type\":\"wait\",\"ms\":30001}]" },
				{ "unknown action", "\"actions\":[{\"type\":\"eval\",\"selector\":\"x\"}]" },
				{ "101 hide selectors", "\"hideSelectors\":[" + numbered(101, "\".x%d\"") + "]" },
				{ "unknown resource type", "\"blockResourceTypes\":[\"everything\"]" },
				{ "unknown device", "\"device\":\"Nokia 3310\"" },
				{ "failOnHttpError not a boolean", "\"failOnHttpError\":\"yes\"" },
				{ "empty failIfTextMissing", "\"failIfTextMissing\":\"\"" },
				{ "failIfTextPresent over 1000 characters", "\"failIfTextPresent\":\"" + "x".repeat(1001) + "\"" } };
		for (String[] bad : optionLimits) {
			cases.add(submit(bad[0], "{\"url\":\"https://public.test/\",\"options\":{" + bad[1] + "}}", 400,
					"/problems/validation-error"));
		}
	}

	private static final String BOUNDARY = "hostile-boundary";

	private static Case upload(String name, int status, String type, String... parts) {
		StringBuilder body = new StringBuilder();
		for (String part : parts) {
			body.append("--").append(BOUNDARY).append("\r\n").append(part).append("\r\n");
		}
		body.append("--").append(BOUNDARY).append("--\r\n");
		return new Case(name, "POST", "/screenshots", "multipart/form-data; boundary=" + BOUNDARY, body.toString(),
				Map.of(), "client", status, type);
	}

	private static String field(String name, String value) {
		return "Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value;
	}

	private static String filePart(String path, String content) {
		return "Content-Disposition: form-data; name=\"files\"; filename=\"" + path
				+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content;
	}

	/** A zip part; {@code zip} is the archive as ISO-8859-1 text. */
	private static String zipPart(String zip) {
		return "Content-Disposition: form-data; name=\"bundle\"; filename=\"site.zip\"\r\n"
				+ "Content-Type: application/zip\r\n\r\n" + zip;
	}

	/** A zip of path/content pairs, as ISO-8859-1 text. */
	private static String zip(String... pathsAndContents) {
		return new String(Zips.of(pathsAndContents), StandardCharsets.ISO_8859_1);
	}

	private static String symlinkZip() {
		return new String(Zips.withSymlink("secret", "/etc/shadow"), StandardCharsets.ISO_8859_1);
	}

	private static String randomText(int length) {
		java.util.Random random = new java.util.Random(length);
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append((char) ('!' + random.nextInt(90)));
		}
		return text.toString();
	}

	private static String numbered(int count, String format) {
		return String.join(",",
				java.util.stream.IntStream.range(0, count).mapToObj((i) -> format.formatted(i)).toList());
	}

	private static String html(String html) {
		return "{\"html\":\"" + html.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
	}

	Stream<Arguments> crossTenant() {
		return Stream.of(Arguments.of("GET", ""), Arguments.of("GET", "/image"), Arguments.of("DELETE", ""));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("corpus")
	void hostileRequestGetsItsProblemAndLeavesNothingBehind(Case hostile) {
		long[] before = counts();

		ApiClient.Response response = send(hostile);

		assertThat(response.status()).as("%s → %s", hostile, response).isEqualTo(hostile.status());
		assertThat(response.status()).as("never a server error").isLessThan(500);
		assertThat(response.contentType()).as(response.toString()).isEqualTo("application/problem+json");
		assertThat(response.json().path("type").asString()).as(response.toString()).isEqualTo(hostile.type());
		assertThat(response.json().path("status").asInt()).isEqualTo(hostile.status());
		assertThat(counts()).as("jobs, outbox messages, keys and uploaded files").containsExactly(before);
		assertThat(canary.hits("/secret")).isZero();
	}

	@ParameterizedTest(name = "another tenant's job: {0} {1}")
	@MethodSource("crossTenant")
	void anotherTenantsJobIsNotFoundOnEveryRoute(String method, String suffix) {
		ApiClient client = client().withKey(this.clientKey);
		String path = "/screenshots/" + this.otherTenantJob + suffix;
		ApiClient.Response response = method.equals("DELETE") ? client.delete(path) : client.get(path);

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.json().path("type").asString()).isEqualTo("/problems/job-not-found");
		assertThat(this.jdbc.sql("SELECT status FROM screenshot_jobs WHERE id = CAST(:id AS uuid)")
			.param("id", this.otherTenantJob)
			.query(String.class)
			.single()).isEqualTo("pending");
	}

	@Test
	void anInvalidFieldIsNamedByItsJsonName() {
		// the schedule's "notify" is the record component "notification" in Java
		ApiClient.Response answer = client().withKey(this.clientKey)
			.post("/schedules", "application/json",
					"{\"cron\":\"@daily\",\"request\":{\"url\":\"https://public.test/\"},"
							+ "\"notify\":{\"url\":\"file:///etc/passwd\"}}");

		assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
		assertThat(answer.json().path("errors").get(0).path("field").asString()).isEqualTo("notify.url");
	}

	@Test
	void corpusHasAtLeast150Cases() {
		assertThat(corpus().count() + crossTenant().count()).isGreaterThanOrEqualTo(150);
	}

	private ApiClient.Response send(Case hostile) {
		String key = switch (hostile.key()) {
			case "admin" -> ApiClient.TEST_ADMIN_KEY;
			case "client" -> this.clientKey;
			case "other-tenant" -> this.otherTenantKey;
			case "revoked" -> this.revokedKey;
			case "none" -> null;
			default -> null;
		};
		RawHttp raw = new RawHttp("127.0.0.1", this.port);
		Map<String, String> headers = new java.util.LinkedHashMap<>(hostile.headers());
		if (key != null) {
			headers.put("Authorization", "Bearer " + key);
		}
		else if (!hostile.key().equals("none")) {
			headers.put("Authorization", hostile.key());
		}
		if (hostile.contentType() != null) {
			headers.put("Content-Type", hostile.contentType());
		}
		return raw.send(hostile.method(), hostile.path(), headers, hostile.body());
	}

	private long[] counts() {
		return new long[] { count("screenshot_jobs"), count("outbox_messages"), count("api_keys"),
				infrastructure.s3()
					.client()
					.listObjectsV2((request) -> request.bucket(infrastructure.bucket()).prefix("sources/"))
					.keyCount() };
	}

	private long count(String table) {
		return this.jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
	}

	private static Case submit(String name, String body, int status, String type) {
		return new Case(name, "POST", "/screenshots", "application/json", body, Map.of(), "client", status, type);
	}

	private static String json(String url) {
		return "{\"url\":\"" + url.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
	}

	private ApiClient client() {
		return new ApiClient("http://127.0.0.1:" + this.port);
	}

}
