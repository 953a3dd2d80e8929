package dev.screenshots.api.render;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.screenshots.api.apikeys.ApiKeyPrincipal;
import dev.screenshots.api.events.JobWaits;
import dev.screenshots.api.jobs.ScreenshotJob;
import dev.screenshots.api.limits.SubmitLimits;
import dev.screenshots.api.screenshots.Reuse;
import dev.screenshots.api.screenshots.ScreenshotImages;
import dev.screenshots.api.screenshots.ScreenshotService;
import dev.screenshots.model.job.JobStatus;

/**
 * {@code GET /render}: a signed link that answers the image itself, for
 * {@code <img src>}, CSS and {@code og:image}, without an {@code Authorization} header.
 *
 * <p>
 * A link whose capture is cached (a completed identical capture younger than its
 * {@code cache_ttl}) answers at once, creating nothing; otherwise it attaches to an
 * identical capture still running, or submits one, and waits for it up to
 * {@code api.render.max-wait}: {@code 200} with the image, the job's error as
 * problem+json when it failed, or {@code 202} with {@code Retry-After} when it is still
 * running (the same link then finds it). Only links that submit spend the key's rate
 * limit.
 */
@RestController
class RenderController {

	private final RenderLinks links;

	private final ScreenshotService screenshots;

	private final ScreenshotImages images;

	private final SubmitLimits limits;

	private final JobWaits waits;

	private final RenderProperties properties;

	private final MeterRegistry meters;

	/** Submits in progress on this instance, by tenant and link without its signature. */
	private final Map<String, CompletableFuture<ScreenshotService.Submission>> submitting = new ConcurrentHashMap<>();

	RenderController(RenderLinks links, ScreenshotService screenshots, ScreenshotImages images, SubmitLimits limits,
			JobWaits waits, RenderProperties properties, MeterRegistry meters) {
		this.links = links;
		this.screenshots = screenshots;
		this.images = images;
		this.limits = limits;
		this.waits = waits;
		this.properties = properties;
		this.meters = meters;
	}

	@Operation(summary = "Render a signed link",
			description = "Answers the image of a URL for <img src>, CSS or og:image, without an Authorization header. "
					+ "The query holds url, the capture options by their POST /screenshots names (nested ones by path: clip.x; "
					+ "lists by repeating the parameter; list elements by index: actions.0.type), key (an API key id), "
					+ "expires (Unix seconds), cache_ttl (seconds), refresh and signature: HMAC-SHA256, lower-case hex, of "
					+ "every other parameter RFC 3986-encoded, sorted, joined name=value with &, keyed with the tenant's "
					+ "render secret (GET /render-secret). 200 the image (X-Cache: hit|miss, ETag, Cache-Control max-age "
					+ "from cache_ttl); 304 for a matching If-None-Match; 202 with Retry-After while the capture runs; the "
					+ "job's error as problem+json when it failed; 401/403 when unsigned, badly signed or expired.",
			parameters = {
					@Parameter(name = "url", in = ParameterIn.QUERY, required = true, description = "the page",
							schema = @Schema(type = "string", format = "uri")),
					@Parameter(name = "key", in = ParameterIn.QUERY, required = true,
							description = "the id of an API key of the tenant",
							schema = @Schema(type = "string", format = "uuid")),
					@Parameter(name = "expires", in = ParameterIn.QUERY,
							description = "Unix seconds after which the link is refused",
							schema = @Schema(type = "integer", format = "int64")),
					@Parameter(name = "cache_ttl", in = ParameterIn.QUERY,
							description = "seconds: how old a cached capture may answer",
							schema = @Schema(type = "integer")),
					@Parameter(name = "refresh", in = ParameterIn.QUERY, description = "capture again",
							schema = @Schema(type = "boolean")),
					@Parameter(name = "signature", in = ParameterIn.QUERY, required = true,
							description = "HMAC-SHA256 of the canonical query, lower-case hex",
							schema = @Schema(type = "string", pattern = "^[0-9a-f]{64}$")) })
	@GetMapping(path = "/render")
	ResponseEntity<?> render(HttpServletRequest request,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
		RenderLink link = RenderLink.parse(request.getQueryString());
		ApiKeyPrincipal caller = this.links.authenticate(link);
		RenderLinks.RenderRequest render = this.links.request(link);
		ScreenshotService.Submission submission = this.screenshots.reusable(render.capture(), caller, render.reuse())
			.orElseGet(() -> submitOnce(caller.tenant() + "\n" + link.canonicalRequest(), () -> {
				this.limits.acquire(caller);
				return this.screenshots.submit(render.capture(), null, null, caller, render.reuse());
			}));
		submission.reuse().count(this.meters, "render");
		ScreenshotJob job = submission.job().row();
		if (!job.status().isTerminal() && this.waits.awaitTerminal(job.id(), this.properties.maxWait())) {
			job = this.screenshots.row(job.id(), caller.tenant());
		}
		if (!job.status().isTerminal()) {
			return pending(job);
		}
		if (job.status() != JobStatus.COMPLETED) {
			throw new RenderFailedException(job);
		}
		HttpHeaders headers = new HttpHeaders();
		headers.set("X-Cache", (submission.reuse() == Reuse.Outcome.CACHED) ? "hit" : "miss");
		headers.set("Screenshot-Job-Id", job.id().toString());
		return this.images.serve(job, ifNoneMatch,
				cacheControl(job, render.reuse().ttl(), RenderLinks.expires(link).orElse(null)), headers);
	}

	/**
	 * Submits on behalf of every identical link arriving on this instance meanwhile: the
	 * first one spends its key's rate limit and submits; the others wait for it (a few
	 * milliseconds) and share its answer (when it was refused, each tries on its own),
	 * instead of each spending the limit on a submit that the cache-key lock would turn
	 * into an attach anyway. So identical links arriving together spend one submit per
	 * api-service instance.
	 */
	private ScreenshotService.Submission submitOnce(String link, Supplier<ScreenshotService.Submission> submit) {
		CompletableFuture<ScreenshotService.Submission> mine = new CompletableFuture<>();
		CompletableFuture<ScreenshotService.Submission> running = this.submitting.putIfAbsent(link, mine);
		if (running != null) {
			try {
				ScreenshotService.Submission first = running.join();
				return new ScreenshotService.Submission(first.job(), false,
						(first.reuse() == Reuse.Outcome.NEW) ? Reuse.Outcome.ATTACHED : first.reuse());
			}
			catch (CompletionException ex) {
				// the first was refused (its own key's limits, say): this one tries on
				// its own
				return submit.get();
			}
		}
		try {
			ScreenshotService.Submission submission = submit.get();
			mine.complete(submission);
			return submission;
		}
		catch (RuntimeException ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.submitting.remove(link, mine);
		}
	}

	/**
	 * Shared caches may keep the image as long as this service would answer with it: the
	 * rest of the link's cache TTL, and not past the link's expiry.
	 */
	private static CacheControl cacheControl(ScreenshotJob job, Duration ttl, Instant expires) {
		Instant now = Instant.now();
		Instant until = job.finishedAt().plus(ttl);
		if (expires != null && expires.isBefore(until)) {
			until = expires;
		}
		long seconds = Math.max(0, Duration.between(now, until).toSeconds());
		return (seconds > 0) ? CacheControl.maxAge(Duration.ofSeconds(seconds)).cachePublic()
				: CacheControl.noCache().cachePublic();
	}

	private ResponseEntity<RenderPending> pending(ScreenshotJob job) {
		String self = ServletUriComponentsBuilder.fromCurrentContextPath()
			.path("/screenshots/{id}")
			.buildAndExpand(job.id())
			.toUriString();
		return ResponseEntity.accepted()
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, this.properties.retryAfter().toSeconds())))
			.cacheControl(CacheControl.noStore())
			.contentType(MediaType.APPLICATION_JSON)
			.body(new RenderPending(job.id(), job.status().value(), Map.of("job", self)));
	}

	/**
	 * The capture is still running; the same link asked again finds it.
	 *
	 * @param id the job
	 * @param status its status
	 * @param links {@code job}: the job, for clients holding an API key
	 */
	record RenderPending(UUID id, String status, Map<String, String> links) {
	}

}
