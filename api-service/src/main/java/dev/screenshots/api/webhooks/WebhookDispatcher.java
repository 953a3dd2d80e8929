package dev.screenshots.api.webhooks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.screenshots.api.jobs.ScreenshotJob;
import dev.screenshots.api.jobs.ScreenshotJobs;
import dev.screenshots.api.system.DatabaseNotifications;
import dev.screenshots.runtime.security.EgressProxy;
import dev.screenshots.runtime.security.UrlPolicy;
import dev.screenshots.runtime.support.BackgroundLoop;

/**
 * Delivers queued webhooks (a trigger queues one when a job reaches an event its request
 * named, migration V8): one thread per api-service instance takes due deliveries with
 * {@code FOR UPDATE SKIP LOCKED} (and a lease, so a crashed instance's are taken again),
 * posts them on virtual threads (at most {@code batch-size} at a time, so one slow
 * receiver does not hold up the others), and records every attempt. A non-2xx answer, a
 * timeout or a refused connection is retried after {@code api.webhooks.retry-delays};
 * after the last attempt the delivery is given up. Redirects are not followed. The URL
 * policy is checked again before every attempt, and the request goes through an
 * {@link EgressProxy} that connects only to an address the policy checked, so a name that
 * resolves differently a moment later (DNS rebinding) cannot reach a denied address.
 * Captures never wait for any of this.
 */
@Component
class WebhookDispatcher extends BackgroundLoop {

	private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

	private final JdbcClient jdbc;

	private final ScreenshotJobs jobs;

	private final WebhookSecrets secrets;

	private final WebhookProperties properties;

	private final UrlPolicy urlPolicy;

	private final JsonMapper json;

	private final Semaphore wakeUps = new Semaphore(0);

	private EgressProxy egress;

	private HttpClient http;

	private final Map<String, Counter> outcomes = new LinkedHashMap<>();

	WebhookDispatcher(JdbcClient jdbc, ScreenshotJobs jobs, WebhookSecrets secrets, WebhookProperties properties,
			UrlPolicy urlPolicy, JsonMapper json, MeterRegistry registry, DatabaseNotifications notifications) {
		super("webhook-dispatcher");
		notifications.subscribe("webhook_deliveries", (jobId) -> this.wakeUps.release(), this.wakeUps::release);
		this.jdbc = jdbc;
		this.jobs = jobs;
		this.secrets = secrets;
		this.properties = properties;
		this.urlPolicy = urlPolicy;
		this.json = json;
		for (String outcome : List.of("delivered", "failed", "given_up")) {
			this.outcomes.put(outcome,
					Counter.builder("screenshots.webhooks.attempts")
						.tag("outcome", outcome)
						.description("Webhook delivery attempts: delivered, failed (retried later) or given up")
						.register(registry));
		}
	}

	@Override
	protected void beforeStart() {
		this.egress = EgressProxy.open(this.urlPolicy);
		this.http = HttpClient.newBuilder()
			.proxy(ProxySelector.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.egress.port())))
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(this.properties.timeout())
			.build();
	}

	@Override
	protected Duration stopTimeout() {
		return this.properties.timeout().plusSeconds(2);
	}

	@Override
	protected void afterStop() {
		this.http.close();
		this.egress.close();
	}

	@Override
	protected void loop() {
		Semaphore inFlight = new Semaphore(this.properties.batchSize());
		try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
			while (isRunning()) {
				try {
					int free = inFlight.availablePermits();
					List<Due> due = (free > 0) ? claim(free) : List.of();
					for (Due delivery : due) {
						inFlight.acquire();
						senders.submit(() -> {
							try {
								deliver(delivery);
							}
							finally {
								inFlight.release();
								this.wakeUps.release(); // a retry may now be due sooner
							}
						});
					}
					if (due.size() < free || free == 0) {
						// a new delivery wakes it at once (the V8 trigger notifies);
						// a retry is waited for until it is due
						this.wakeUps.tryAcquire(idleWait(free == 0).toMillis(), TimeUnit.MILLISECONDS);
						this.wakeUps.drainPermits();
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				catch (Exception ex) {
					log.warn("Webhook dispatch failed; trying again shortly: {}", ex.toString());
					pause(Duration.ofSeconds(1));
				}
			}
		}
	}

	/**
	 * How long to wait for a wake-up: until the next retry is due, at most the poll
	 * interval.
	 * @param full whether every sender is busy (then a freed sender is waited for)
	 * @return the wait
	 */
	private Duration idleWait(boolean full) {
		Duration poll = this.properties.pollInterval();
		if (full) {
			return Duration.ofMillis(Math.min(poll.toMillis(), 100));
		}
		Long untilDue = this.jdbc.sql("""
				SELECT CEIL(EXTRACT(EPOCH FROM (min(next_attempt_at) - now())) * 1000)::bigint
				FROM webhook_deliveries WHERE status = 'pending'
				""").query(Long.class).optional().orElse(null);
		if (untilDue == null) {
			return poll;
		}
		return Duration.ofMillis(Math.max(10, Math.min(untilDue, poll.toMillis())));
	}

	/**
	 * Takes due deliveries, leasing them for the time an attempt can take.
	 * @param limit how many at most
	 * @return the deliveries taken
	 */
	List<Due> claim(int limit) {
		long leaseMillis = this.properties.timeout().toMillis() * 2 + 5_000;
		return this.jdbc.sql("""
				UPDATE webhook_deliveries SET next_attempt_at = now() + :lease * interval '1 millisecond'
				WHERE id IN (SELECT id FROM webhook_deliveries
				             WHERE status = 'pending' AND next_attempt_at <= now()
				             ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED)
				RETURNING id, message_id, job_id, tenant, event, url, payload, attempts
				""")
			.param("lease", leaseMillis)
			.param("limit", limit)
			.query((rs, n) -> new Due(rs.getLong("id"), rs.getString("message_id"), rs.getObject("job_id", UUID.class),
					rs.getString("tenant"), rs.getString("event"), rs.getString("url"), rs.getString("payload"),
					rs.getInt("attempts")))
			.list();
	}

	private void deliver(Due delivery) {
		String payload = (delivery.payload() != null) ? delivery.payload() : payload(delivery);
		Instant started = Instant.now();
		Integer status = null;
		String error = null;
		UrlPolicy.Decision decision = this.urlPolicy.check(delivery.url());
		boolean retryable = decision.allowed() || decision.unresolved();
		if (!decision.allowed()) {
			error = "URL not allowed: " + decision.reason();
		}
		else {
			long timestamp = started.getEpochSecond();
			try {
				HttpResponse<Void> response = this.http.send(HttpRequest.newBuilder(URI.create(delivery.url()))
					.timeout(this.properties.timeout())
					.header("Content-Type", "application/json")
					.header("User-Agent", "screenshot-service-webhooks/1")
					.header("webhook-id", delivery.messageId())
					.header("webhook-timestamp", String.valueOf(timestamp))
					.header("webhook-signature",
							WebhookSignature.sign(this.secrets.forTenant(delivery.tenant()).valid(),
									delivery.messageId(), timestamp, payload))
					.POST(HttpRequest.BodyPublishers.ofString(payload))
					.build(), HttpResponse.BodyHandlers.discarding());
				status = response.statusCode();
				Optional<String> blocked = response.headers().firstValue(EgressProxy.BLOCKED_HEADER);
				if (blocked.isPresent()) {
					// the name resolved to a denied address after the check above
					status = null;
					error = "URL not allowed: " + blocked.get();
					retryable = false;
				}
				else if (status < 200 || status > 299) {
					error = "answered HTTP " + status;
				}
			}
			catch (IOException ex) {
				error = ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return; // the lease runs out and the attempt is made again
			}
		}
		record(delivery, status, error, started, retryable);
	}

	private void record(Due delivery, Integer status, String error, Instant started, boolean retryable) {
		int attempt = delivery.attempts() + 1;
		String outcome;
		OffsetDateTime next = null;
		if (error == null) {
			outcome = "delivered";
		}
		else if (!retryable || attempt >= this.properties.maxAttempts()) {
			outcome = "given_up";
		}
		else {
			outcome = "failed";
			next = utc(Instant.now().plus(this.properties.retryDelays().get(attempt - 1)));
		}
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("attempt", attempt);
		entry.put("at", started.toString());
		entry.put("statusCode", status);
		entry.put("error", error);
		entry.put("durationMs", Duration.between(started, Instant.now()).toMillis());
		this.jdbc.sql("""
				UPDATE webhook_deliveries
				SET attempts = :attempt, attempt_log = attempt_log || CAST(:entry AS jsonb), status = :status,
				    next_attempt_at = :next, finished_at = CASE WHEN :status = 'pending' THEN NULL ELSE now() END
				WHERE id = :id
				""")
			.param("attempt", attempt)
			.param("entry", this.json.writeValueAsString(List.of(entry)))
			.param("status", outcome.equals("failed") ? "pending" : outcome)
			.param("next", next)
			.param("id", delivery.id())
			.update();
		this.outcomes.get(outcome).increment();
		if (!outcome.equals("delivered")) {
			log.info("Webhook {} ({} of {}) attempt {} to {}: {}{}", delivery.messageId(), delivery.event(),
					(delivery.jobId() != null) ? "job " + delivery.jobId() : "a batch", attempt, delivery.url(), error,
					outcome.equals("given_up") ? "; given up" : "; retrying at " + next);
		}
	}

	/** The event as first sent; kept, so every attempt sends the same body. */
	private String payload(Due delivery) {
		ScreenshotJob job = this.jobs.find(delivery.jobId()).orElseThrow();
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("id", delivery.jobId().toString());
		boolean changed = "changed".equals(delivery.event());
		data.put("status", changed ? "completed" : delivery.event());
		data.put("url", job.sourceUrl());
		data.put("priority", job.priority());
		data.put("attempts", job.attempts());
		data.put("createdAt", Objects.toString(job.createdAt(), null));
		data.put("finishedAt", Objects.toString(job.finishedAt(), null));
		if ("completed".equals(delivery.event()) || changed) {
			ScreenshotJob.Result stored = job.result();
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("contentType", (stored != null) ? stored.contentType() : null);
			result.put("bytes", (stored != null) ? stored.bytes() : null);
			result.put("width", (stored != null) ? stored.width() : null);
			result.put("height", (stored != null) ? stored.height() : null);
			result.put("sha256", (stored != null) ? stored.sha256() : null);
			if (stored != null && !stored.artifacts().isEmpty()) {
				result.put("artifacts", stored.artifacts().stream().map((artifact) -> {
					Map<String, Object> entry = new LinkedHashMap<>();
					entry.put("name", artifact.name());
					entry.put("status", artifact.status());
					if (artifact.stored()) {
						entry.put("contentType", artifact.contentType());
						entry.put("bytes", artifact.bytes());
						entry.put("sha256", artifact.sha256());
						entry.put("url", "/screenshots/" + delivery.jobId() + "/artifacts/" + artifact.name());
					}
					return entry;
				}).toList());
			}
			if (stored != null && stored.comparison() != null) {
				result.put("comparison", stored.comparison());
			}
			data.put("result", result);
		}
		if ("failed".equals(delivery.event())) {
			// a redrive clears the error; the event still says failed
			ScreenshotJob.Failure error = job.error();
			data.put("error", Map.of("code", String.valueOf((error != null) ? error.code() : null), "message",
					String.valueOf((error != null) ? error.message() : null)));
		}
		data.put("links", Map.of("self", "/screenshots/" + delivery.jobId(), "image",
				"/screenshots/" + delivery.jobId() + "/image"));
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", "screenshot." + delivery.event());
		event.put("timestamp", Instant.now().toString());
		event.put("data", data);
		// an instance whose lease ran out may have stored one first: send that one
		return this.jdbc
			.sql("UPDATE webhook_deliveries SET payload = COALESCE(payload, :payload) WHERE id = :id RETURNING payload")
			.param("payload", this.json.writeValueAsString(event))
			.param("id", delivery.id())
			.query(String.class)
			.single();
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	/**
	 * A delivery taken for an attempt.
	 *
	 * @param id the row
	 * @param messageId the {@code webhook-id}
	 * @param jobId the job, or {@code null} for a batch's delivery (its body is stored)
	 * @param tenant the job's tenant, whose secret signs it
	 * @param event the status announced
	 * @param url where it goes
	 * @param payload the body of earlier attempts, or {@code null} before the first
	 * @param attempts attempts made so far
	 */
	record Due(long id, String messageId, UUID jobId, String tenant, String event, String url, String payload,
			int attempts) {
	}

}
