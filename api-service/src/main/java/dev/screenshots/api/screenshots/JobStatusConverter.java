package dev.screenshots.api.screenshots;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import dev.screenshots.model.job.JobStatus;

/**
 * Stores {@link JobStatus} in its lower-case wire form, as the worker writes it.
 */
@Converter
class JobStatusConverter implements AttributeConverter<JobStatus, String> {

	@Override
	public String convertToDatabaseColumn(JobStatus status) {
		return (status != null) ? status.value() : null;
	}

	@Override
	public JobStatus convertToEntityAttribute(String value) {
		return (value != null) ? JobStatus.of(value) : null;
	}

}
