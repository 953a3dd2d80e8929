package dev.screenshots.api.screenshots;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.screenshots.api.apikeys.ApiKeyPrincipal;
import dev.screenshots.api.jobs.JobHistory;
import dev.screenshots.api.jobs.JobNotFoundException;
import dev.screenshots.api.jobs.JobStep;
import dev.screenshots.api.jobs.NewJob;
import dev.screenshots.api.jobs.ScreenshotJob;
import dev.screenshots.api.jobs.ScreenshotJobs;
import dev.screenshots.api.sources.BundleReader;
import dev.screenshots.api.sources.SourceBundle;
import dev.screenshots.api.sources.SourceStore;
import dev.screenshots.api.system.ApiLimitsProperties;
import dev.screenshots.api.system.InvalidFieldException;
import dev.screenshots.api.system.StoredText;
import dev.screenshots.model.capture.CaptureOptions;
import dev.screenshots.model.capture.Priority;
import dev.screenshots.model.capture.ResolvedOptions;
import dev.screenshots.model.capture.ResultCache;
import dev.screenshots.model.job.JobStatus;
import dev.screenshots.model.capture.SourceType;
import dev.screenshots.model.capture.Webhook;
import dev.screenshots.model.capture.CaptureRequest;
import dev.screenshots.runtime.messaging.CaptureMessages;
import dev.screenshots.runtime.outbox.Outbox;
import dev.screenshots.runtime.security.UrlPolicy;
import dev.screenshots.model.storage.Sources;

/**
 * Accepts capture requests, cancels jobs, and reads jobs back, always within the caller's
 * tenant.
 */
@Service
public class ScreenshotService {

	private final ScreenshotJobs jobs;

	private final IdempotencyKeys idempotencyKeys;

	private final Outbox outbox;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final UrlPolicy urlPolicy;

	private final ApiLimitsProperties limits;

	private final BundleReader bundles;

	private final SourceStore sources;

	private final MeterRegistry meters;

	private final CacheProperties cache;

	private final SubmitWriter writer;

	ScreenshotService(ScreenshotJobs jobs, IdempotencyKeys idempotencyKeys, Outbox outbox,
			TransactionTemplate transactions, JsonMapper json, UrlPolicy urlPolicy, ApiLimitsProperties limits,
			BundleReader bundles, SourceStore sources, MeterRegistry meters, CacheProperties cache,
			SubmitWriter writer) {
		this.writer = writer;
		this.meters = meters;
		this.cache = cache;
		this.limits = limits;
		this.bundles = bundles;
		this.sources = sources;
		this.jobs = jobs;
		this.idempotencyKeys = idempotencyKeys;
		this.outbox = outbox;
		this.transactions = transactions;
		this.json = json;
		this.urlPolicy = urlPolicy;
	}

	/**
	 * Records a validated request as a pending job of the caller's tenant and, in the
	 * same transaction, the message that will hand it to a worker: either both exist or
	 * neither does. Inline HTML and bundles are stored under the job's prefix first. With
	 * an idempotency key, a request the key already created a job for gets that job back.
	 * @param submitted the validated request
	 * @param bundle the uploaded files of a bundle job, or {@code null}
	 * @param idempotencyKey the client's key, or {@code null}
	 * @param caller who submits
	 * @return the job, and whether it was created earlier by the same key
	 * @throws UrlNotAllowedException if the URL policy denies the URL (a name that cannot
	 * be resolved now is accepted; the worker checks every request again)
	 * @throws IdempotencyKeyReusedException if the key was used with a different request
	 */
	Submission submit(CaptureRequest submitted, SourceBundle bundle, String idempotencyKey, ApiKeyPrincipal caller) {
		// a comparison is of this capture: never answered with an earlier one
		Reuse reuse = (submitted.compare() == null) ? reuse(submitted) : null;
		Submission submission = submit(submitted, bundle, idempotencyKey, caller, reuse);
		if (reuse != null && !submission.replayed()) {
			submission.reuse().count(this.meters, "submit");
		}
		return submission;
	}

	/**
	 * What the request's {@code cache} allows: a completed identical job within the TTL
	 * answers with a job of its own; a running one is shared unless the request has a
	 * webhook (which that job would not call); failures are never reused.
	 */
	private Reuse reuse(CaptureRequest submitted) {
		ResultCache cache = submitted.cache();
		if (cache == null) {
			return null;
		}
		Duration ttl = (cache.ttl() != null) ? Duration.ofSeconds(cache.ttl()) : this.cache.defaultTtl();
		if (ttl.compareTo(this.cache.maxTtl()) > 0) {
			throw new RequestOverLimitException("cache.ttl",
					"must be at most " + this.cache.maxTtl().toSeconds() + " seconds (api.cache.max-ttl)");
		}
		return new Reuse(ttl, Duration.ZERO, cache.isRefresh(), submitted.webhook() == null, true);
	}

	/**
	 * Records a validated request as
	 * {@link #submit(CaptureRequest, SourceBundle, String, ApiKeyPrincipal)} does, or,
	 * when it allows reuse and an identical job of the tenant is running or recently
	 * finished, answers with that job. Identical requests arriving together on any
	 * instances make one job: the lookup and the insert run under a lock on the cache
	 * key.
	 * @param submitted the validated request
	 * @param bundle the uploaded files of a bundle job, or {@code null}
	 * @param idempotencyKey the client's key, or {@code null}
	 * @param caller who submits
	 * @param reuse what may be reused, or {@code null} for always a new job
	 * @return the job, whether an idempotency key replayed it, and whether it was reused
	 */
	public Submission submit(CaptureRequest submitted, SourceBundle bundle, String idempotencyKey,
			ApiKeyPrincipal caller, Reuse reuse) {
		ResolvedOptions options = submitted.options().resolve();
		if (submitted.compare() != null && submitted.options().disableAnimations() == null) {
			// a capture meant for comparison is still unless the client says otherwise
			options = options.withDisableAnimations();
		}
		checkLimits(options);
		String optionsJson = StoredText.checkJson("options", this.json.writeValueAsString(options.toWire()));
		Priority priority = submitted.effectivePriority();
		if (priority == Priority.HIGH && !caller.allowHighPriority()) {
			throw new PriorityNotAllowedException();
		}
		if (submitted.url() != null) {
			StoredText.check("url", submitted.url());
			UrlPolicy.Decision decision = this.urlPolicy.check(submitted.url());
			if (!decision.allowed() && !decision.unresolved()) {
				throw new UrlNotAllowedException(decision.reason());
			}
		}
		if (submitted.webhook() != null) {
			checkWebhook(submitted.webhook().url());
		}
		SourceBundle files = (submitted.html() != null) ? this.bundles.fromHtml(submitted.html()) : bundle;
		SourceType type = (submitted.html() != null) ? SourceType.HTML
				: (bundle != null) ? SourceType.BUNDLE : SourceType.URL;
		String compareJson = StoredText.checkJson("compare",
				(submitted.compare() != null) ? this.json.writeValueAsString(submitted.compare()) : null);
		Input input = new Input(submitted.url(), type, files, options, optionsJson, priority, submitted.webhook(),
				compareJson);
		Sharing sharing = (reuse != null) ? new Sharing(cacheKey(caller.tenant(), input), reuse) : null;
		if (idempotencyKey == null) {
			return create(input, null, null, caller, sharing);
		}
		String fingerprint = fingerprint(input);
		IdempotencyKeys.Entry existing = this.idempotencyKeys.find(caller.tenant(), idempotencyKey).orElse(null);
		if (existing == null) {
			try {
				return create(input, idempotencyKey, fingerprint, caller, sharing);
			}
			catch (KeyTakenException race) {
				existing = this.idempotencyKeys.find(caller.tenant(), idempotencyKey).orElseThrow();
			}
		}
		if (!existing.requestSha256().equals(fingerprint)) {
			throw new IdempotencyKeyReusedException();
		}
		Job replayed = find(existing.jobId(), caller.tenant());
		// answered as the first time: a job completed from the cache is a hit again
		boolean fromCache = replayed.row().result() != null && replayed.row().result().cachedFrom() != null;
		return new Submission(replayed, true, fromCache ? Reuse.Outcome.CACHED : Reuse.Outcome.NEW);
	}

	/**
	 * The job an identical request may use instead of a new capture, looked up without
	 * the lock: the cheap first look of a render link, whose hits create nothing.
	 * @param submitted the validated request (a URL)
	 * @param caller who asks
	 * @param reuse what may be reused
	 * @return the job and how it is reused, or empty when a new job is needed
	 */
	public Optional<Submission> reusable(CaptureRequest submitted, ApiKeyPrincipal caller, Reuse reuse) {
		ResolvedOptions options = submitted.options().resolve();
		Input input = new Input(submitted.url(), SourceType.URL, null, options,
				this.json.writeValueAsString(options.toWire()), submitted.effectivePriority(), submitted.webhook(),
				null);
		return this.jobs
			.reusable(caller.tenant(), cacheKey(caller.tenant(), input), reuse.ttl(), reuse.failedTtl(),
					reuse.refresh(), reuse.attachToRunning(), false)
			.map((row) -> new Submission(find(row.id(), caller.tenant()), false, outcome(row)));
	}

	/**
	 * Checks a webhook URL against the URL policy, as a submit does.
	 * @param url the webhook URL
	 * @throws UrlNotAllowedException if the policy denies it (a name that cannot be
	 * resolved now is accepted; every delivery is checked again)
	 */
	public void checkWebhook(String url) {
		UrlPolicy.Decision decision = this.urlPolicy.check(url);
		if (!decision.allowed() && !decision.unresolved()) {
			throw new UrlNotAllowedException("webhook", decision.reason());
		}
	}

	private static Reuse.Outcome outcome(ScreenshotJob row) {
		return row.status().isTerminal() ? Reuse.Outcome.CACHED : Reuse.Outcome.ATTACHED;
	}

	/**
	 * A request allowed to reuse, with the key of what it would capture.
	 */
	private record Sharing(String cacheKey, Reuse reuse) {
	}

	/**
	 * What makes two requests of a tenant identical for reuse: the normalised URL or
	 * every file's path and content, and the applied options. Unlike the idempotency
	 * fingerprint, the priority and the webhook are left out: they change how a result is
	 * delivered, not what it is.
	 */
	private String cacheKey(String tenant, Input input) {
		StringBuilder text = new StringBuilder(tenant).append('\n')
			.append(input.optionsJson())
			.append('\n')
			.append((input.url() != null) ? NormalisedUrl.of(input.url()) : "");
		appendFiles(text, input);
		return sha256(text.toString().getBytes(StandardCharsets.UTF_8));
	}

	/** The source type, the entry page and every file's path and content hash. */
	private static void appendFiles(StringBuilder text, Input input) {
		if (input.files() != null) {
			text.append('\n').append(input.sourceType().value()).append(' ').append(input.files().entry());
			for (SourceBundle.File file : input.files().files()) {
				text.append('\n').append(file.path()).append(' ').append(sha256(file.content()));
			}
		}
	}

	/**
	 * What a job is made of: a URL, or files (inline HTML or a bundle), and the applied
	 * options, with their JSON (written once; the job records it, and the cache key and
	 * the idempotency fingerprint hash it).
	 */
	private record Input(String url, SourceType sourceType, SourceBundle files, ResolvedOptions options,
			String optionsJson, Priority priority, Webhook webhook, String compareJson) {
	}

	/**
	 * The hash that decides whether a repeated idempotent request is the same request:
	 * the URL or every file's path and content, and the applied options.
	 */
	private String fingerprint(Input input) {
		StringBuilder text = new StringBuilder(input.optionsJson()).append('\n')
			.append((input.url() != null) ? input.url() : "");
		if (input.priority() != Priority.NORMAL) {
			// only when set, so that keys stored before priorities existed still match
			text.append("\npriority ").append(input.priority().value());
		}
		if (input.webhook() != null) {
			text.append("\nwebhook ").append(input.webhook().url()).append(' ').append(input.webhook().eventsValue());
		}
		if (input.compareJson() != null) {
			text.append("\ncompare ").append(input.compareJson());
		}
		appendFiles(text, input);
		return sha256(text.toString().getBytes(StandardCharsets.UTF_8));
	}

	private void checkLimits(ResolvedOptions options) {
		long pixels = options.viewport().devicePixels();
		if (pixels > this.limits.maxViewportPixels()) {
			throw new RequestOverLimitException("options",
					"the viewport is " + pixels
							+ " device pixels (width × height × deviceScaleFactor²), over the limit of "
							+ this.limits.maxViewportPixels() + " (api.limits.max-viewport-pixels)");
		}
		if (options.area().fullPage() && options.area().maxHeight() > this.limits.maxFullPageHeight()) {
			throw new RequestOverLimitException("options.maxHeight",
					"must be at most " + this.limits.maxFullPageHeight() + " (api.limits.max-full-page-height)");
		}
		if (options.waits().timeoutMs() > this.limits.maxTimeout().toMillis()) {
			throw new RequestOverLimitException("options.timeoutMs",
					"must be at most " + this.limits.maxTimeout().toMillis() + " (api.limits.max-timeout)");
		}
		if (options.beforeCapture().actions().size() > this.limits.maxActions()) {
			throw new RequestOverLimitException("options.actions",
					"must list at most " + this.limits.maxActions() + " actions (api.limits.max-actions)");
		}
		long headerBytes = options.context()
			.extraHeaders()
			.entrySet()
			.stream()
			.mapToLong((header) -> utf8Length(header.getKey()) + utf8Length(header.getValue()))
			.sum();
		if (headerBytes > this.limits.maxHeaderBytes().toBytes()) {
			throw new RequestOverLimitException("options.extraHeaders",
					"are " + headerBytes + " bytes, over the limit of " + this.limits.maxHeaderBytes().toBytes()
							+ " (api.limits.max-header-bytes)");
		}
		long cookieBytes = options.context()
			.cookies()
			.stream()
			.mapToLong((cookie) -> utf8Length(cookie.name()) + utf8Length(cookie.value()))
			.sum();
		if (cookieBytes > this.limits.maxCookieBytes().toBytes()) {
			throw new RequestOverLimitException("options.cookies", "are " + cookieBytes + " bytes, over the limit of "
					+ this.limits.maxCookieBytes().toBytes() + " (api.limits.max-cookie-bytes)");
		}
	}

	private Submission create(Input input, String idempotencyKey, String fingerprint, ApiKeyPrincipal caller,
			Sharing sharing) {
		UUID id = JobIds.next();
		String prefix = (input.files() != null) ? this.sources.upload(id, input.files()) : null;
		try {
			Submission submission = insert(id, prefix, input, idempotencyKey, fingerprint, caller, sharing);
			if (submission.reuse() != Reuse.Outcome.NEW) {
				// attached to another job or completed from the cache: no files needed
				if (prefix != null) {
					this.sources.deleteQuietly(prefix);
				}
				return submission;
			}
			Job job = submission.job();
			Counter.builder("screenshots.jobs.submitted")
				.description("Jobs accepted")
				.tag("source", input.sourceType().value())
				.tag("priority", job.row().priority())
				.register(this.meters)
				.increment();
			return submission;
		}
		catch (RuntimeException ex) {
			if (prefix != null) {
				this.sources.deleteQuietly(prefix);
			}
			throw ex;
		}
	}

	private Submission insert(UUID id, String prefix, Input input, String idempotencyKey, String fingerprint,
			ApiKeyPrincipal caller, Sharing sharing) {
		if (sharing == null && idempotencyKey == null
				&& !TransactionSynchronizationManager.isActualTransactionActive()) {
			// nothing to lock or claim, and no caller's transaction (a schedule's run) to
			// join: written with the other submits of the moment
			Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
			JobHistory job = this.writer.write(newJob(id, prefix, input, caller, now, null, false),
					CaptureMessages.capture(id, now, input.priority(), this.json));
			return new Submission(new Job(job.job(), input.options().toWire(), job.steps()), false, Reuse.Outcome.NEW);
		}
		return this.transactions.execute((status) -> {
			ScreenshotJob shared = null;
			if (sharing != null) {
				Reuse reuse = sharing.reuse();
				this.jobs.lockCacheKey(sharing.cacheKey());
				shared = this.jobs
					.reusable(caller.tenant(), sharing.cacheKey(), reuse.ttl(), reuse.failedTtl(), reuse.refresh(),
							reuse.attachToRunning(), true)
					.orElse(null);
				if (shared != null && !(reuse.ownJob() && shared.status() == JobStatus.COMPLETED)) {
					if (idempotencyKey != null
							&& !this.idempotencyKeys.claim(caller.tenant(), idempotencyKey, fingerprint, shared.id())) {
						throw new KeyTakenException();
					}
					return new Submission(find(shared.id(), caller.tenant()), false, outcome(shared));
				}
			}
			Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
			JobHistory job = this.jobs.insert(newJob(id, prefix, input, caller, now,
					(sharing != null && shared == null) ? sharing.cacheKey() : null, shared != null));
			if (idempotencyKey != null
					&& !this.idempotencyKeys.claim(caller.tenant(), idempotencyKey, fingerprint, id)) {
				throw new KeyTakenException();
			}
			if (shared != null) {
				this.jobs.completeFromCache(id, shared.id());
				return new Submission(find(id, caller.tenant()), false, Reuse.Outcome.CACHED);
			}
			this.outbox.enqueue(CaptureMessages.capture(id, now, input.priority(), this.json));
			return new Submission(new Job(job.job(), input.options().toWire(), job.steps()), false, Reuse.Outcome.NEW);
		});
	}

	/**
	 * The job row a request makes. A job answered from the cache keeps no files and no
	 * cache key: it captures nothing, and identical requests find the job that did.
	 */
	private static NewJob newJob(UUID id, String prefix, Input input, ApiKeyPrincipal caller, Instant now,
			String cacheKey, boolean fromCache) {
		String url = (input.files() != null) ? Sources.url(id, input.files().entry()) : input.url();
		ScreenshotJob.Source source = (input.files() != null) ? new ScreenshotJob.Source(input.sourceType(),
				input.files().entry(), fromCache ? null : prefix, input.files().files().size(), input.files().bytes())
				: ScreenshotJob.Source.URL;
		return new NewJob(id, caller.tenant(), caller.keyId(), url, input.optionsJson(), input.priority(),
				(input.webhook() != null) ? input.webhook().url() : null,
				(input.webhook() != null) ? input.webhook().eventsValue() : null, source, now, cacheKey,
				input.compareJson());
	}

	/**
	 * Cancels a job that has not reached an outcome. A pending job never starts; a
	 * running job stops at its worker's next step boundary.
	 * @param id the job id
	 * @param tenant the caller's tenant
	 * @return the cancelled job
	 * @throws JobNotFoundException if the tenant has no such job
	 * @throws JobAlreadyFinishedException if it already completed, failed or was
	 * cancelled
	 */
	Job cancel(UUID id, String tenant) {
		row(id, tenant);
		boolean cancelled = this.jobs.cancel(id, tenant);
		Job job = find(id, tenant);
		if (!cancelled) {
			throw new JobAlreadyFinishedException(job.row().status());
		}
		return job;
	}

	/**
	 * Reads a job and its step history.
	 * @param id the job id
	 * @param tenant the caller's tenant
	 * @return the job
	 * @throws JobNotFoundException if the tenant has no such job
	 */
	public Job find(UUID id, String tenant) {
		JobHistory job = this.jobs.history(id, tenant);
		return new Job(job.job(), this.json.readValue(job.job().options(), CaptureOptions.class), job.steps());
	}

	/**
	 * Reads a job row alone, without its step history.
	 * @param id the job id
	 * @param tenant the caller's tenant; another tenant's job is not found, so its
	 * existence does not leak
	 * @return the row
	 * @throws JobNotFoundException if the tenant has no such job
	 */
	public ScreenshotJob row(UUID id, String tenant) {
		return this.jobs.get(id, tenant);
	}

	private static long utf8Length(String text) {
		return (text != null) ? text.getBytes(StandardCharsets.UTF_8).length : 0;
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A job row with its parsed options and its step history.
	 */
	public record Job(ScreenshotJob row, CaptureOptions options, List<JobStep> steps) {
	}

	/**
	 * The outcome of a submit.
	 *
	 * @param job the job
	 * @param replayed whether an earlier request with the same idempotency key created it
	 * @param reuse whether it is a new job or an identical request's
	 */
	public record Submission(Job job, boolean replayed, Reuse.Outcome reuse) {
	}

	/**
	 * The idempotency key was taken by a concurrent request; this transaction rolls back.
	 */
	private static final class KeyTakenException extends RuntimeException {

		KeyTakenException() {
			super(null, null, false, false);
		}

	}

}
