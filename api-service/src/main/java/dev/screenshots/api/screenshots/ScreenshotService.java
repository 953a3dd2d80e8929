package dev.screenshots.api.screenshots;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.screenshots.model.capture.CaptureOptions;
import dev.screenshots.model.capture.CaptureRequest;
import dev.screenshots.model.job.JobStatus;
import dev.screenshots.model.messaging.CaptureMessages;
import dev.screenshots.model.outbox.Outbox;

/**
 * Accepts capture requests and reads jobs back.
 */
@Service
class ScreenshotService {

	private final ScreenshotJobRepository jobs;

	private final JobStepRepository steps;

	private final Outbox outbox;

	private final JsonMapper json;

	ScreenshotService(ScreenshotJobRepository jobs, JobStepRepository steps, Outbox outbox, JsonMapper json) {
		this.jobs = jobs;
		this.steps = steps;
		this.outbox = outbox;
		this.json = json;
	}

	/**
	 * Records a validated request as a pending job and, in the same transaction, the
	 * message that will hand it to a worker. Either both exist or neither does.
	 * @param request the validated request, options resolved to their defaults
	 * @return the new job
	 */
	@Transactional
	Job submit(CaptureRequest request) {
		UUID id = JobIds.next();
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		ScreenshotJob job = this.jobs
			.save(ScreenshotJob.pending(id, request.url(), this.json.writeValueAsString(request.options()), now));
		JobStep pending = this.steps.save(JobStep.entered(id, JobStatus.PENDING, 0, now));
		this.outbox.enqueue(CaptureMessages.capture(id, now, this.json));
		return new Job(job, request.options(), List.of(pending));
	}

	/**
	 * Reads a job and its step history.
	 * @param id the job id
	 * @return the job
	 * @throws JobNotFoundException if there is none
	 */
	@Transactional(readOnly = true)
	Job find(UUID id) {
		ScreenshotJob job = row(id);
		return new Job(job, this.json.readValue(job.options(), CaptureOptions.class),
				this.steps.findByJobIdOrderByIdAsc(id));
	}

	/**
	 * Reads a job row alone, without its step history.
	 * @param id the job id
	 * @return the row
	 * @throws JobNotFoundException if there is none
	 */
	@Transactional(readOnly = true)
	ScreenshotJob row(UUID id) {
		return this.jobs.findById(id).orElseThrow(() -> new JobNotFoundException(id.toString()));
	}

	/**
	 * A job row with its parsed options and its step history.
	 */
	record Job(ScreenshotJob row, CaptureOptions options, List<JobStep> steps) {
	}

}
