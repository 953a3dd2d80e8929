package dev.screenshots.api.screenshots;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.InputStreamResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.screenshots.api.apikeys.ApiKeyPrincipal;
import dev.screenshots.api.events.JobWaits;
import dev.screenshots.api.jobs.JobNotFoundException;
import dev.screenshots.api.jobs.JobSummary;
import dev.screenshots.api.jobs.ScreenshotJob;
import dev.screenshots.api.limits.RateLimitHeaders;
import dev.screenshots.api.limits.RateLimitStatus;
import dev.screenshots.api.limits.SubmitLimits;
import dev.screenshots.api.sources.BundleReader;
import dev.screenshots.api.sources.InvalidBundleException;
import dev.screenshots.api.sources.SourceBundle;
import dev.screenshots.model.capture.CaptureRequest;
import dev.screenshots.model.job.JobStatus;

/**
 * The screenshot jobs resource.
 *
 * <ul>
 * <li>{@code POST /screenshots} accepts a request: 202 with {@code Location}.</li>
 * <li>{@code GET /screenshots/{id}} shows the job, its step history and its result or
 * error.</li>
 * <li>{@code GET /screenshots/{id}/image} streams the image once the job completed.</li>
 * <li>{@code GET /screenshots/{id}/artifacts/{name}} streams one of its artifacts.</li>
 * <li>{@code DELETE /screenshots/{id}} cancels a job that has not finished.</li>
 * </ul>
 */
@RestController
@RequestMapping("/screenshots")
class ScreenshotController {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	/**
	 * RFC 7240: {@code wait=N} asks to answer with the finished job if it finishes within
	 * N s.
	 */
	static final String PREFER = "Prefer";

	private final ScreenshotService service;

	private final ScreenshotImages images;

	private final SubmitLimits limits;

	private final BundleReader bundles;

	private final JsonMapper json;

	private final Validator validator;

	private final JobWaits waits;

	private final JobListing listing;

	private final ScreenshotViews views;

	ScreenshotController(ScreenshotService service, ScreenshotImages images, SubmitLimits limits, BundleReader bundles,
			JsonMapper json, Validator validator, JobWaits waits, JobListing listing, ScreenshotViews views) {
		this.views = views;
		this.waits = waits;
		this.listing = listing;
		this.service = service;
		this.images = images;
		this.limits = limits;
		this.bundles = bundles;
		this.json = json;
		this.validator = validator;
	}

	@Operation(summary = "Submit a capture job",
			description = "Queues a screenshot or PDF of a URL or of inline HTML. Answers 202 with the pending job; with Prefer: wait=N (N up to 60) answers 201 with the finished job if it finishes within N seconds; with cache: {ttl} answers 201 with a job completed at once from an identical capture within the TTL (result.cachedFrom). Idempotency-Key makes retries safe.")
	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<ScreenshotView> submit(@Valid @RequestBody CaptureRequest request,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
			@RequestHeader(name = PREFER, required = false) List<String> prefer,
			@AuthenticationPrincipal ApiKeyPrincipal caller) {
		String key = idempotencyKey(idempotencyKey);
		return accepted(request, null, key, caller, this.limits.acquire(caller), PreferWait.of(prefer));
	}

	/**
	 * Accepts a bundle: a {@code request} part (JSON {@code {"entry": …, "options": …}},
	 * optional) and either {@code files} parts, each named by its relative path, or one
	 * {@code bundle} part holding a zip.
	 */
	@Operation(summary = "Submit a bundle of files",
			description = "Queues a screenshot or PDF of a page built from uploaded files: a zip in the part 'bundle', or files in parts 'files', with an optional JSON part 'request' (entry page, options, priority, webhook). The page is served at the job's private origin and reaches nothing outside its own files. Answers 202 with the pending job; Prefer: wait and Idempotency-Key work as for JSON submits.")
	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<ScreenshotView> submitBundle(@RequestPart(name = "request", required = false) String requestPart,
			@RequestPart(name = "files", required = false) List<MultipartFile> files,
			@RequestPart(name = "bundle", required = false) MultipartFile zip,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
			@RequestHeader(name = PREFER, required = false) List<String> prefer,
			@AuthenticationPrincipal ApiKeyPrincipal caller, HttpServletRequest servletRequest) {
		String key = idempotencyKey(idempotencyKey);
		BundleRequest request = bundleRequest(requestPart, servletRequest);
		boolean hasFiles = files != null && !files.isEmpty();
		if (hasFiles == (zip != null)) {
			throw new InvalidBundleException(
					"Send either 'files' parts (each named by its relative path) or one 'bundle' part holding a zip");
		}
		RateLimitStatus rate = this.limits.acquire(caller);
		SourceBundle bundle = hasFiles ? this.bundles.fromFiles(files, request.entry())
				: this.bundles.fromZip(zip, request.entry());
		return accepted(new CaptureRequest(null, null, request.options(), request.priority(), request.webhook(),
				request.cache()), bundle, key, caller, rate, PreferWait.of(prefer));
	}

	/**
	 * Reads and validates the {@code request} part. It is parsed here rather than by a
	 * message converter so that a part sent without a content type (a plain form field,
	 * as {@code curl -F} sends it) is read as JSON too.
	 */
	private BundleRequest bundleRequest(String part, HttpServletRequest servletRequest) {
		if (part == null || part.isBlank()) {
			return new BundleRequest(null, null, null, null, null);
		}
		BundleRequest request;
		try {
			request = this.json.readValue(part, BundleRequest.class);
		}
		catch (JacksonException ex) {
			throw new HttpMessageNotReadableException("The request part is not valid", ex,
					new ServletServerHttpRequest(servletRequest));
		}
		if (request == null) {
			return new BundleRequest(null, null, null, null, null);
		}
		Set<ConstraintViolation<BundleRequest>> violations = this.validator.validate(request);
		if (!violations.isEmpty()) {
			throw new ConstraintViolationException(violations);
		}
		return request;
	}

	/**
	 * Answers a submit: {@code 202} with the pending job; or, when the client asked to
	 * wait ({@code Prefer: wait=N}) and the job finished within N seconds, {@code 201}
	 * with the finished job (completed, failed or cancelled).
	 */
	private ResponseEntity<ScreenshotView> accepted(CaptureRequest request, SourceBundle bundle, String key,
			ApiKeyPrincipal caller, RateLimitStatus rate, PreferWait wait) {
		ScreenshotService.Submission submission = this.service.submit(request, bundle, key, caller);
		ScreenshotService.Job job = submission.job();
		UUID id = job.row().id();
		URI location = ServletUriComponentsBuilder.fromCurrentContextPath()
			.path("/screenshots/{id}")
			.buildAndExpand(id)
			.toUri();
		boolean finished = job.row().status().isTerminal();
		if (wait.seconds() > 0 && !finished && this.waits.awaitTerminal(id, Duration.ofSeconds(wait.seconds()))) {
			job = this.service.find(id, caller.tenant());
			finished = true;
		}
		boolean answeredFinished = finished && (wait.seconds() > 0 || submission.reuse() == Reuse.Outcome.CACHED);
		ResponseEntity.BodyBuilder response = answeredFinished ? ResponseEntity.created(location)
				: ResponseEntity.accepted().location(location);
		response.headers(RateLimitHeaders.of(rate)).varyBy(PREFER);
		if (wait.seconds() > 0) {
			response.header("Preference-Applied", "wait=" + wait.seconds());
		}
		if (submission.replayed()) {
			response.header("Idempotent-Replayed", "true");
		}
		return response.body(view(job));
	}

	@Operation(summary = "Cancel a job",
			description = "Cancels a job that has not finished; a running job stops at its next step.")
	@DeleteMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	ScreenshotView cancel(@PathVariable String id, @AuthenticationPrincipal ApiKeyPrincipal caller) {
		return view(this.service.cancel(JobNotFoundException.parse(id), caller.tenant()));
	}

	/**
	 * The caller's jobs, newest first, a page at a time, optionally only those in one
	 * status or created in a time range.
	 */
	@Operation(summary = "List jobs",
			description = "The tenant's jobs, newest first, filtered by status and creation time, with a cursor to the next page.")
	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	JobPage list(@RequestParam(required = false) String status, @RequestParam(required = false) String since,
			@RequestParam(required = false) String until, @RequestParam(required = false) String limit,
			@RequestParam(required = false) String cursor, @AuthenticationPrincipal ApiKeyPrincipal caller) {
		JobListing.Query query = JobListing.Query.of(status, since, until, limit, cursor);
		List<JobSummary> rows = this.listing.page(caller.tenant(), query);
		List<JobSummary> page = rows.subList(0, Math.min(rows.size(), query.limit()));
		List<JobPage.Item> items = page.stream().map((row) -> {
			Map<String, String> links = new LinkedHashMap<>();
			String self = ServletUriComponentsBuilder.fromCurrentContextPath()
				.path("/screenshots/{id}")
				.buildAndExpand(row.id())
				.toUriString();
			links.put("self", self);
			if (row.status() == JobStatus.COMPLETED) {
				links.put("image", self + "/image");
			}
			return new JobPage.Item(row.id(), row.status(), row.url(), row.priority(), row.attempts(), row.createdAt(),
					row.finishedAt(), row.errorCode(), links);
		}).toList();
		if (rows.size() <= query.limit()) {
			return new JobPage(items, null, null);
		}
		JobSummary last = page.get(page.size() - 1);
		String next = new JobListing.Position(last.createdAt(), last.id()).cursor();
		String nextUrl = ServletUriComponentsBuilder.fromCurrentRequest()
			.replaceQueryParam("cursor", next)
			.replaceQueryParam("limit", query.limit())
			.toUriString();
		return new JobPage(items, next, Map.of("next", nextUrl));
	}

	@Operation(summary = "Get a job",
			description = "The job with its status, options, attempts, step history, and its result or error.")
	@GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	ScreenshotView get(@PathVariable String id, @AuthenticationPrincipal ApiKeyPrincipal caller) {
		return view(this.service.find(JobNotFoundException.parse(id), caller.tenant()));
	}

	@Operation(summary = "Download the image",
			description = "The captured image or PDF of a completed job, with its content type and an ETag (its SHA-256); If-None-Match with that ETag answers 304.")
	@GetMapping("/{id}/image")
	ResponseEntity<InputStreamResource> image(@PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
			@AuthenticationPrincipal ApiKeyPrincipal caller) {
		ScreenshotJob job = this.service.row(JobNotFoundException.parse(id), caller.tenant());
		if (job.status() != JobStatus.COMPLETED) {
			throw new JobNotCompletedException(job.status());
		}
		return this.images.serve(job, ifNoneMatch, CacheControl.noCache().cachePrivate(), HttpHeaders.EMPTY);
	}

	@Operation(summary = "Download an artifact",
			description = "One of a completed job's artifacts (html, text, metadata, har, console, thumbnail), with its content type and an ETag (its SHA-256). 404 ARTIFACT_NOT_FOUND names the job's artifacts, and the reason when the artifact was not stored.")
	@GetMapping("/{id}/artifacts/{name}")
	ResponseEntity<InputStreamResource> artifact(@PathVariable String id, @PathVariable String name,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
			@AuthenticationPrincipal ApiKeyPrincipal caller) {
		ScreenshotJob job = this.service.row(JobNotFoundException.parse(id), caller.tenant());
		if (job.status() != JobStatus.COMPLETED) {
			throw new JobNotCompletedException(job.status());
		}
		return this.images.serveArtifact(job, name, ifNoneMatch);
	}

	/**
	 * Validates an {@code Idempotency-Key}: a string of 1–255 printable ASCII characters;
	 * the structured-field form with surrounding quotes is accepted too.
	 * @param header the header value, or {@code null}
	 * @return the key, or {@code null}
	 */
	static String idempotencyKey(String header) {
		if (header == null) {
			return null;
		}
		String key = header.strip();
		if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
			key = key.substring(1, key.length() - 1);
		}
		if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch((c) -> c >= 0x20 && c < 0x7F)) {
			throw new InvalidIdempotencyKeyException();
		}
		return key;
	}

	private ScreenshotView view(ScreenshotService.Job job) {
		return this.views.view(job);
	}

}
