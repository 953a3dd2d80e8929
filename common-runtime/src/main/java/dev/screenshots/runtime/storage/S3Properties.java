package dev.screenshots.runtime.storage;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where images are stored: any S3-compatible store, shared by both services
 * ({@code storage.s3.*}).
 *
 * @param endpoint the store's endpoint, e.g. {@code http://127.0.0.1:9000}; empty means
 * AWS S3
 * @param region the signing region
 * @param accessKey the access key; empty means the AWS default credentials chain
 * @param secretKey the secret key; empty means the AWS default credentials chain
 * @param pathStyleAccess address buckets as {@code endpoint/bucket/key} (needed by most
 * S3-compatible stores)
 * @param bucket the bucket images go to
 * @param createBucket create the bucket at start-up when it is missing
 * @param callTimeout the time limit for one storage call, retries included
 */
@Validated
@ConfigurationProperties("storage.s3")
public record S3Properties(URI endpoint, @DefaultValue("us-east-1") @NotBlank String region, String accessKey,
		String secretKey, @DefaultValue("true") boolean pathStyleAccess,
		@DefaultValue("screenshots") @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]",
				message = "must be a valid S3 bucket name (3-63 characters: a-z, 0-9, '.', '-')") String bucket,
		@DefaultValue("false") boolean createBucket, @DefaultValue("20s") @NotNull Duration callTimeout) {

	/**
	 * Whether static credentials are configured.
	 * @return {@code true} when both keys are set
	 */
	public boolean hasStaticCredentials() {
		return this.accessKey != null && !this.accessKey.isBlank() && this.secretKey != null
				&& !this.secretKey.isBlank();
	}

}
