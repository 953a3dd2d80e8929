package dev.screenshots.runtime.storage;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Up while the bucket answers a {@code HeadBucket}: the store is reachable, the
 * credentials work and the bucket exists.
 */
public class S3HealthIndicator implements HealthIndicator {

	private final S3Client s3;

	private final S3Properties properties;

	public S3HealthIndicator(S3Client s3, S3Properties properties) {
		this.s3 = s3;
		this.properties = properties;
	}

	@Override
	public Health health() {
		try {
			this.s3.headBucket((request) -> request.bucket(this.properties.bucket()));
			return Health.up().withDetail("bucket", this.properties.bucket()).build();
		}
		catch (SdkException ex) {
			return Health.down()
				.withDetail("bucket", this.properties.bucket())
				.withDetail("error", ex.getMessage())
				.build();
		}
	}

}
