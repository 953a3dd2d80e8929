package dev.screenshots.api.render;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import dev.screenshots.api.jobs.ScreenshotJob;
import dev.screenshots.api.system.ApiProblemException;
import dev.screenshots.model.job.ErrorCode;
import dev.screenshots.model.job.JobStatus;

/**
 * A render link's capture failed or was cancelled: the job's error, with a status that
 * says whose failure it was. The page or the request ({@code 422}), the page's server
 * ({@code 502}), the page's time ({@code 504}), or this service ({@code 503}, worth
 * retrying).
 */
class RenderFailedException extends ApiProblemException {

	private final ScreenshotJob job;

	RenderFailedException(ScreenshotJob job) {
		super(status(job), code(job), "Render failed", detail(job));
		this.job = job;
	}

	private static HttpStatus status(ScreenshotJob job) {
		if (job.status() == JobStatus.CANCELLED || job.error() == null) {
			return HttpStatus.CONFLICT;
		}
		ErrorCode code;
		try {
			code = ErrorCode.valueOf(job.error().code());
		}
		catch (IllegalArgumentException ex) {
			return HttpStatus.SERVICE_UNAVAILABLE;
		}
		return switch (code) {
			case HTTP_ERROR, NAVIGATION_FAILED -> HttpStatus.BAD_GATEWAY;
			case NAVIGATION_TIMEOUT, WAIT_CONDITION_TIMEOUT -> HttpStatus.GATEWAY_TIMEOUT;
			case CAPTURE_FAILED, BROWSER_CRASHED, STORAGE_FAILED, WORKER_LOST, INTERNAL_ERROR ->
				HttpStatus.SERVICE_UNAVAILABLE;
			default -> HttpStatus.UNPROCESSABLE_CONTENT;
		};
	}

	private static String code(ScreenshotJob job) {
		if (job.status() == JobStatus.CANCELLED) {
			return "JOB_CANCELLED";
		}
		return (job.error() != null) ? job.error().code() : "JOB_FAILED";
	}

	private static String detail(ScreenshotJob job) {
		if (job.status() == JobStatus.CANCELLED) {
			return "The capture was cancelled";
		}
		return (job.error() != null) ? job.error().message() : "The capture failed";
	}

	@Override
	public Map<String, Object> properties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("jobId", this.job.id());
		properties.put("jobStatus", this.job.status().value());
		return properties;
	}

	@Override
	public HttpHeaders headers() {
		HttpHeaders headers = new HttpHeaders();
		headers.setCacheControl("no-store");
		if (status() == HttpStatus.SERVICE_UNAVAILABLE) {
			headers.set(HttpHeaders.RETRY_AFTER, "5");
		}
		return headers;
	}

}
