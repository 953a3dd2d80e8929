package dev.screenshots.api.screenshots;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.screenshots.api.apikeys.ApiKeyPrincipal;
import dev.screenshots.api.limits.SubmitLimits;
import dev.screenshots.api.system.StoredText;
import dev.screenshots.api.system.ProblemAnswers;
import dev.screenshots.model.capture.CaptureRequest;
import dev.screenshots.model.job.JobStatus;

/**
 * Batches: {@code POST /screenshots/batch} submits up to 100 requests at once, each in
 * its own transaction with its own outbox message, and answers {@code 207} with one entry
 * per item, in order: the HTTP status that item alone would have had, and its job or its
 * problem. {@code GET /batches/{id}} summarises the batch.
 */
@RestController
class BatchController {

	private final ScreenshotService service;

	private final SubmitLimits limits;

	private final Batches batches;

	private final ScreenshotViews views;

	private final ProblemAnswers problems;

	private final JsonMapper json;

	private final Validator validator;

	BatchController(ScreenshotService service, SubmitLimits limits, Batches batches, ScreenshotViews views,
			ProblemAnswers problems, JsonMapper json, Validator validator) {
		this.service = service;
		this.limits = limits;
		this.batches = batches;
		this.views = views;
		this.problems = problems;
		this.json = json;
		this.validator = validator;
	}

	@Operation(summary = "Submit a batch",
			description = "Up to 100 requests, each what POST /screenshots takes as JSON plus idempotencyKey. Answers 207 with one entry per item, in order: the status that item alone would have had and its job or its problem. Valid items are created even when others are refused, each in its own transaction; each spends the key's rate limit. webhook.url gets batch.completed once every job is terminal.")
	@PostMapping(path = "/screenshots/batch", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<BatchAnswer> submit(@Valid @RequestBody BatchRequest request,
			@AuthenticationPrincipal ApiKeyPrincipal caller, HttpServletRequest servletRequest, WebRequest webRequest) {
		String webhookUrl = (request.webhook() != null) ? request.webhook().url() : null;
		if (webhookUrl != null) {
			this.service.checkWebhook(webhookUrl);
		}
		UUID id = UUID.randomUUID();
		this.batches.create(id, caller.tenant(), caller.keyId(), request.requests().size(), webhookUrl);
		List<BatchAnswer.Item> items = new ArrayList<>();
		try {
			for (int index = 0; index < request.requests().size(); index++) {
				BatchAnswer.Item item = submitOne(index, request.requests().get(index), caller, servletRequest,
						webRequest);
				// jsonb holds no NUL: a field name or value a client sent with one is
				// kept without it
				this.batches.addItem(id, index, item.status(), (item.job() != null) ? item.job().id() : null,
						(item.problem() != null)
								? StoredText.stripNulFromJson(this.json.writeValueAsString(item.problem())) : null);
				items.add(item);
			}
		}
		finally {
			// also when an item could not be recorded: the batch's jobs still finish it
			this.batches.submitted(id);
		}
		URI location = ServletUriComponentsBuilder.fromCurrentContextPath()
			.path("/batches/{id}")
			.buildAndExpand(id)
			.toUri();
		return ResponseEntity.status(HttpStatus.MULTI_STATUS)
			.location(location)
			.body(new BatchAnswer(id, items, Map.of("self", location.toString())));
	}

	/**
	 * Submits one item as {@code POST /screenshots} would: read strictly, validated,
	 * limited, submitted; any error becomes that item's problem.
	 */
	private BatchAnswer.Item submitOne(int index, JsonNode node, ApiKeyPrincipal caller,
			HttpServletRequest servletRequest, WebRequest webRequest) {
		try {
			BatchRequest.Item item;
			try {
				item = this.json.treeToValue(node, BatchRequest.Item.class);
			}
			catch (JacksonException ex) {
				throw new HttpMessageNotReadableException("Batch item " + index + " is not valid", ex,
						new ServletServerHttpRequest(servletRequest));
			}
			if (item == null) {
				throw new HttpMessageNotReadableException("Batch item " + index + " is null",
						new ServletServerHttpRequest(servletRequest));
			}
			CaptureRequest capture = item.capture();
			Set<ConstraintViolation<CaptureRequest>> violations = this.validator.validate(capture);
			if (!violations.isEmpty()) {
				throw new ConstraintViolationException(violations);
			}
			String key = ScreenshotController.idempotencyKey(item.idempotencyKey());
			this.limits.acquire(caller);
			ScreenshotService.Submission submission = this.service.submit(capture, null, key, caller);
			int status = (submission.reuse() == Reuse.Outcome.CACHED) ? 201 : 202;
			return new BatchAnswer.Item(index, status, this.views.view(submission.job()), null);
		}
		catch (Exception ex) {
			ResponseEntity<?> answer = this.problems.answer(ex, webRequest);
			return new BatchAnswer.Item(index, answer.getStatusCode().value(), null, answer.getBody());
		}
	}

	@Operation(summary = "Get a batch",
			description = "The batch's items in order with the status each was answered with and its job's status now, counts by job status, and whether it is finished: every item answered and every job completed, failed or cancelled.")
	@GetMapping(path = "/batches/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	BatchSummary get(@PathVariable String id, @AuthenticationPrincipal ApiKeyPrincipal caller) {
		UUID batchId;
		try {
			batchId = UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new BatchNotFoundException(id);
		}
		Batches.Batch batch = this.batches.find(batchId, caller.tenant())
			.orElseThrow(() -> new BatchNotFoundException(id));
		String base = ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
		Map<JobStatus, Integer> counts = new EnumMap<>(JobStatus.class);
		int refused = 0;
		List<BatchSummary.Item> items = new ArrayList<>();
		for (Batches.Item item : batch.items()) {
			Map<String, String> links = new LinkedHashMap<>();
			if (item.jobId() != null) {
				counts.merge(item.jobStatus(), 1, Integer::sum);
				links.put("job", base + "/screenshots/" + item.jobId());
				if (item.jobStatus() == JobStatus.COMPLETED) {
					links.put("image", base + "/screenshots/" + item.jobId() + "/image");
				}
			}
			else {
				refused++;
			}
			items.add(new BatchSummary.Item(item.position(), item.status(), item.jobId(), item.jobStatus(), item.code(),
					links.isEmpty() ? null : links));
		}
		Map<String, Integer> byStatus = new LinkedHashMap<>();
		counts.forEach((status, count) -> byStatus.put(status.value(), count));
		return new BatchSummary(batch.id(), batch.createdAt(), batch.size(), batch.size() - refused, refused, byStatus,
				batch.finishedAt() != null, batch.finishedAt(), batch.webhookUrl(), items);
	}

	/**
	 * The answer to a batch.
	 *
	 * @param batchId the batch, for {@code GET /batches/{id}}
	 * @param items one per request, in order
	 * @param links {@code self}: the batch
	 */
	record BatchAnswer(UUID batchId, List<Item> items, Map<String, String> links) {

		/**
		 * One item's answer.
		 *
		 * @param index its position in the request
		 * @param status the HTTP status it alone would have had
		 * @param job the job, when it was accepted
		 * @param problem the problem document, when it was refused
		 */
		@JsonInclude(JsonInclude.Include.NON_NULL)
		record Item(int index, int status, ScreenshotView job, Object problem) {
		}

	}

	/**
	 * A batch's state.
	 *
	 * @param id the batch
	 * @param createdAt when it was submitted
	 * @param size its items
	 * @param accepted items that have a job
	 * @param refused items answered with a problem
	 * @param counts the jobs by status now
	 * @param finished whether every job is completed, failed or cancelled
	 * @param finishedAt when it finished
	 * @param webhookUrl where {@code batch.completed} goes
	 * @param items the items in order
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record BatchSummary(UUID id, Instant createdAt, int size, int accepted, int refused, Map<String, Integer> counts,
			boolean finished, Instant finishedAt, String webhookUrl, List<Item> items) {

		/**
		 * One item.
		 *
		 * @param index its position
		 * @param status the HTTP status it was answered with
		 * @param jobId its job, when accepted
		 * @param jobStatus the job's status now
		 * @param errorCode the problem's code, when refused
		 * @param links {@code job}, and {@code image} once completed
		 */
		@JsonInclude(JsonInclude.Include.NON_NULL)
		record Item(int index, int status, UUID jobId, JobStatus jobStatus, String errorCode,
				Map<String, String> links) {
		}

	}

}
