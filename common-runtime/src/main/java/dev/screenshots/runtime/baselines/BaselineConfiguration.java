package dev.screenshots.runtime.baselines;

import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@link BaselineStore}, for the services that import this configuration.
 */
@Configuration(proxyBeanMethods = false)
public class BaselineConfiguration {

	@Bean
	BaselineStore baselineStore(JdbcClient jdbc, S3Client s3, TransactionTemplate transactions) {
		return new BaselineStore(jdbc, s3, transactions);
	}

}
