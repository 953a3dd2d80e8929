package dev.screenshots.runtime.storage;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Builds the S3 client both services use, from {@link S3Properties}.
 */
public final class S3Clients {

	private S3Clients() {
	}

	public static S3Client create(S3Properties properties) {
		S3ClientBuilder builder = S3Client.builder()
			.region(Region.of(properties.region()))
			.forcePathStyle(properties.pathStyleAccess())
			.credentialsProvider(credentials(properties))
			.overrideConfiguration((config) -> config.apiCallTimeout(properties.callTimeout()));
		if (properties.endpoint() != null && !properties.endpoint().toString().isBlank()) {
			builder.endpointOverride(properties.endpoint());
		}
		return builder.build();
	}

	/**
	 * Builds a presigner for download URLs with the same endpoint, region and
	 * credentials.
	 * @param properties the storage settings
	 * @return the presigner
	 */
	public static S3Presigner presigner(S3Properties properties) {
		S3Presigner.Builder builder = S3Presigner.builder()
			.region(Region.of(properties.region()))
			.credentialsProvider(credentials(properties))
			.serviceConfiguration(
					S3Configuration.builder().pathStyleAccessEnabled(properties.pathStyleAccess()).build());
		if (properties.endpoint() != null && !properties.endpoint().toString().isBlank()) {
			builder.endpointOverride(properties.endpoint());
		}
		return builder.build();
	}

	/**
	 * Creates the configured bucket if it does not exist yet.
	 * @param client the client
	 * @param bucket the bucket name
	 */
	public static void ensureBucket(S3Client client, String bucket) {
		try {
			client.headBucket((request) -> request.bucket(bucket));
		}
		catch (NoSuchBucketException ex) {
			client.createBucket((request) -> request.bucket(bucket));
		}
		catch (S3Exception ex) {
			if (ex.statusCode() != 404) {
				throw ex;
			}
			client.createBucket((request) -> request.bucket(bucket));
		}
	}

	private static AwsCredentialsProvider credentials(S3Properties properties) {
		if (properties.hasStaticCredentials()) {
			return StaticCredentialsProvider
				.create(AwsBasicCredentials.create(properties.accessKey(), properties.secretKey()));
		}
		return DefaultCredentialsProvider.builder().build();
	}

}
