package dev.screenshots.api.system;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.screenshots.runtime.storage.S3Clients;
import dev.screenshots.runtime.storage.S3HealthIndicator;
import dev.screenshots.runtime.storage.S3Properties;

/**
 * The S3 client used to read images back, the presigner for download URLs, and the
 * store's health.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(S3Properties.class)
class StorageConfiguration {

	@Bean(destroyMethod = "close")
	S3Client s3Client(S3Properties properties) {
		return S3Clients.create(properties);
	}

	@Bean(destroyMethod = "close")
	S3Presigner s3Presigner(S3Properties properties) {
		return S3Clients.presigner(properties);
	}

	/**
	 * The {@code s3} health contributor, part of the readiness group.
	 */
	@Bean
	S3HealthIndicator s3HealthIndicator(S3Client s3, S3Properties properties) {
		return new S3HealthIndicator(s3, properties);
	}

}
