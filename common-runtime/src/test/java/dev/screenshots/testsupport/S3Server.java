package dev.screenshots.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3-compatible store for tests: the Adobe S3Mock standalone jar run as its own
 * process on a free loopback port (never 9090, which Prometheus uses). The jar comes from
 * Maven Central; the build copies it and passes its path as {@code -Ds3mock.jar}. Each
 * test creates its own bucket.
 */
public final class S3Server {

	public static final String ACCESS_KEY = "test-access-key";

	public static final String SECRET_KEY = "test-secret-key";

	public static final String REGION = "us-east-1";

	private static S3Server instance;

	private final JavaProcess process;

	private final int port;

	private final S3Client client;

	private S3Server(JavaProcess process, int port) {
		this.process = process;
		this.port = port;
		this.client = S3Client.builder()
			.endpointOverride(URI.create(endpoint()))
			.forcePathStyle(true)
			.region(Region.of(REGION))
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
			.build();
	}

	public static synchronized S3Server get() {
		if (instance == null) {
			int httpPort = Ports.freePort();
			int httpsPort = Ports.freePort();
			Path storeRoot;
			try {
				storeRoot = Files.createTempDirectory("s3mock-store");
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			JavaProcess process = JavaProcess.of("s3mock", jar(), jvmOptions(),
					List.of("--http.port=" + httpPort, "--server.port=" + httpsPort, "--server.address=127.0.0.1",
							"--com.adobe.testing.s3mock.store.root=" + storeRoot,
							"--com.adobe.testing.s3mock.store.retain-files-on-exit=true"),
					Map.of());
			process.start().awaitHttpOk("http://127.0.0.1:" + httpPort + "/", Waits.ONE_JOB);
			instance = new S3Server(process, httpPort);
			Runtime.getRuntime().addShutdownHook(new Thread(process::kill, "s3mock-stop"));
		}
		return instance;
	}

	/**
	 * The JVM options of S3Mock: quick to start (C1 only) unless {@code -Ds3mock.jvm}
	 * (space-separated) says otherwise, as the benchmark does to run it like a server.
	 */
	private static List<String> jvmOptions() {
		String options = System.getProperty("s3mock.jvm");
		return (options != null) ? List.of(options.trim().split("\\s+"))
				: List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");
	}

	public String endpoint() {
		return "http://127.0.0.1:" + this.port;
	}

	public S3Client client() {
		return this.client;
	}

	/**
	 * Creates a bucket with a unique name.
	 * @return the bucket name
	 */
	public String createBucket() {
		String bucket = "sstest-" + Long.toHexString(System.currentTimeMillis()) + "-"
				+ Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
		this.client.createBucket((request) -> request.bucket(bucket));
		return bucket;
	}

	/**
	 * Deletes a bucket and everything in it.
	 * @param bucket the bucket name
	 */
	public void deleteBucket(String bucket) {
		objects(bucket, "").forEach((object) -> this.client.deleteObject((r) -> r.bucket(bucket).key(object.key())));
		this.client.deleteBucket((request) -> request.bucket(bucket));
	}

	/**
	 * Lists the objects under a prefix.
	 * @param bucket the bucket
	 * @param prefix the key prefix
	 * @return the objects
	 */
	public List<S3Object> objects(String bucket, String prefix) {
		return this.client.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())
			.contents()
			.stream()
			.toList();
	}

	public JavaProcess process() {
		return this.process;
	}

	private static Path jar() {
		String configured = System.getProperty("s3mock.jar");
		if (configured != null && Files.isRegularFile(Path.of(configured))) {
			return Path.of(configured);
		}
		Path repository = Path.of(System.getProperty("user.home"), ".m2", "repository", "com", "adobe", "testing",
				"s3mock");
		try (Stream<Path> files = Files.exists(repository) ? Files.walk(repository) : Stream.empty()) {
			return files.filter((file) -> file.getFileName().toString().endsWith("-exec.jar"))
				.max(Path::compareTo)
				.orElseThrow(() -> new IllegalStateException("The S3Mock jar was not found: run the tests with"
						+ " ./mvnw verify (which fetches com.adobe.testing:s3mock:exec) or pass -Ds3mock.jar=<path>"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
