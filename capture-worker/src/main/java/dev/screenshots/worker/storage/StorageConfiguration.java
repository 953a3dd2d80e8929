package dev.screenshots.worker.storage;

import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.screenshots.runtime.storage.S3Clients;
import dev.screenshots.runtime.storage.S3HealthIndicator;
import dev.screenshots.runtime.storage.S3Properties;

/**
 * The S3 client, and the bucket when {@code storage.s3.create-bucket} is set.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(S3Properties.class)
class StorageConfiguration {

	@Bean(destroyMethod = "close")
	S3Client s3Client(S3Properties properties) {
		S3Client client = S3Clients.create(properties);
		if (properties.createBucket()) {
			S3Clients.ensureBucket(client, properties.bucket());
		}
		return client;
	}

	/**
	 * The {@code s3} health contributor, part of the readiness group.
	 */
	@Bean
	S3HealthIndicator s3HealthIndicator(S3Client s3, S3Properties properties) {
		return new S3HealthIndicator(s3, properties);
	}

}
