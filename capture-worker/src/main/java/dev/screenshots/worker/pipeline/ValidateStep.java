package dev.screenshots.worker.pipeline;

import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.screenshots.model.capture.CaptureRequest;
import dev.screenshots.model.job.ErrorCode;
import dev.screenshots.model.job.JobStatus;
import dev.screenshots.worker.CaptureFailure;

/**
 * Re-checks the request with the same rules the API applied, before a browser is spent on
 * it: the row may have been written by an older API version, or by hand.
 */
@Component
@Order(1)
class ValidateStep implements PipelineStep {

	private final Validator validator;

	ValidateStep(Validator validator) {
		this.validator = validator;
	}

	@Override
	public JobStatus status() {
		return JobStatus.VALIDATING;
	}

	@Override
	public void run(JobContext context) {
		CaptureRequest request = new CaptureRequest(context.job().url(), null, context.job().options().toWire());
		Set<ConstraintViolation<CaptureRequest>> violations = this.validator.validate(request);
		if (!violations.isEmpty()) {
			String details = violations.stream()
				.sorted(Comparator.comparing((violation) -> violation.getPropertyPath().toString()))
				.map((violation) -> violation.getPropertyPath() + " " + violation.getMessage())
				.collect(Collectors.joining("; "));
			throw new CaptureFailure(ErrorCode.INVALID_REQUEST, "Invalid request: " + details);
		}
	}

}
