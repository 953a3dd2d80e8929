package dev.screenshots.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One test class's share of the real services: its own PostgreSQL database, RabbitMQ
 * vhost and S3 bucket, and the configuration that points a service at them. Closing it
 * removes all three.
 *
 * <pre>
 * static TestInfrastructure infra = TestInfrastructure.create().migrate();
 *
 * &#64;DynamicPropertySource
 * static void properties(DynamicPropertyRegistry registry) {
 *     infra.register(registry);
 * }
 * </pre>
 */
public final class TestInfrastructure implements AutoCloseable {

	private final TestDatabase database;

	private final TestVhost vhost;

	private final S3Server s3;

	private final String bucket;

	private TestInfrastructure(TestDatabase database, TestVhost vhost, S3Server s3, String bucket) {
		this.database = database;
		this.vhost = vhost;
		this.s3 = s3;
		this.bucket = bucket;
	}

	public static TestInfrastructure create() {
		TestDatabase database = PostgresServer.get().createDatabase();
		TestVhost vhost = RabbitServer.get().createVhost();
		S3Server s3 = S3Server.get();
		return new TestInfrastructure(database, vhost, s3, s3.createBucket());
	}

	/**
	 * Applies {@code db/migrations} to the database, as api-service does at start-up
	 * (needed when only the worker, which merely validates the schema, is started).
	 * @return this
	 */
	public TestInfrastructure migrate() {
		Flyway.configure()
			.dataSource(this.database.jdbcUrl(), this.database.username(), this.database.password())
			.locations("filesystem:" + ProjectFiles.migrations())
			.load()
			.migrate();
		return this;
	}

	public TestDatabase database() {
		return this.database;
	}

	public TestVhost vhost() {
		return this.vhost;
	}

	/**
	 * A client on the test database, for tests that look at rows directly.
	 * @return the client
	 */
	public JdbcClient jdbc() {
		return JdbcClient.create(new DriverManagerDataSource(this.database.jdbcUrl(), this.database.username(),
				this.database.password()));
	}

	public S3Server s3() {
		return this.s3;
	}

	public String bucket() {
		return this.bucket;
	}

	/**
	 * Spring Boot properties that point either service at this infrastructure.
	 * @return property names and values
	 */
	public Map<String, String> springProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", this.database.jdbcUrl());
		properties.put("spring.datasource.username", this.database.username());
		properties.put("spring.datasource.password", this.database.password());
		properties.put("spring.rabbitmq.host", this.vhost.host());
		properties.put("spring.rabbitmq.port", String.valueOf(this.vhost.port()));
		properties.put("spring.rabbitmq.username", this.vhost.username());
		properties.put("spring.rabbitmq.password", this.vhost.password());
		properties.put("spring.rabbitmq.virtual-host", this.vhost.vhost());
		properties.put("storage.s3.endpoint", this.s3.endpoint());
		properties.put("storage.s3.region", S3Server.REGION);
		properties.put("storage.s3.access-key", S3Server.ACCESS_KEY);
		properties.put("storage.s3.secret-key", S3Server.SECRET_KEY);
		properties.put("storage.s3.path-style-access", "true");
		properties.put("storage.s3.bucket", this.bucket);
		properties.put("storage.s3.create-bucket", "false");
		properties.put("capture.browser.executable", Browsers.chromium().toString());
		properties.put("capture.browser.host", BrowserHost.get().endpoint());
		// test pages are served on loopback; the services' own ports there stay denied
		properties.put("security.url-policy.allow[0]", "127.0.0.1");
		// otherwise every worker context reads all filter lists in the background
		// (seconds of
		// CPU) whether or not its tests switch one on; a list is then read when first
		// needed
		properties.put("capture.blocking.preload", "false");
		return properties;
	}

	/**
	 * Registers {@link #springProperties()} for a Spring test context.
	 * @param registry the registry of a {@code @DynamicPropertySource} method
	 */
	public void register(DynamicPropertyRegistry registry) {
		register(registry, java.util.Set.of());
	}

	/**
	 * Registers {@link #springProperties()} but the omitted ones.
	 * @param registry the registry of a {@code @DynamicPropertySource} method
	 * @param omit property names not to register, e.g. the loopback allow-list entry
	 */
	public void register(DynamicPropertyRegistry registry, java.util.Set<String> omit) {
		springProperties().forEach((key, value) -> {
			if (!omit.contains(key)) {
				registry.add(key, () -> value);
			}
		});
	}

	/**
	 * A template on this test's vhost, for tests that publish or read messages
	 * themselves.
	 * @param test what to do with it; the connection is closed afterwards
	 */
	public void withRabbit(java.util.function.Consumer<RabbitTemplate> test) {
		CachingConnectionFactory connections = new CachingConnectionFactory(this.vhost.host(), this.vhost.port());
		connections.setUsername(this.vhost.username());
		connections.setPassword(this.vhost.password());
		connections.setVirtualHost(this.vhost.vhost());
		try {
			test.accept(new RabbitTemplate(connections));
		}
		finally {
			connections.destroy();
		}
	}

	/**
	 * The same properties as the environment of a service started as a process: one
	 * {@code SPRING_APPLICATION_JSON} variable, so that no credential shows on its
	 * command line, which every local user can read.
	 * @param overrides extra or replaced properties
	 * @param variables further environment variables
	 * @return the environment to add to the process's
	 */
	public Map<String, String> environment(Map<String, String> overrides, Map<String, String> variables) {
		Map<String, String> properties = springProperties();
		properties.putAll(overrides);
		StringBuilder json = new StringBuilder("{");
		properties.forEach((key, value) -> {
			if (json.length() > 1) {
				json.append(',');
			}
			json.append(jsonString(key)).append(':').append(jsonString(value));
		});
		Map<String, String> environment = new LinkedHashMap<>(variables);
		environment.put("SPRING_APPLICATION_JSON", json.append('}').toString());
		return environment;
	}

	private static String jsonString(String value) {
		StringBuilder quoted = new StringBuilder("\"");
		for (char c : value.toCharArray()) {
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				default -> {
					if (c < 0x20) {
						quoted.append(String.format("\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		return quoted.append('"').toString();
	}

	@Override
	public void close() {
		try {
			this.s3.deleteBucket(this.bucket);
		}
		finally {
			try {
				this.vhost.close();
			}
			finally {
				this.database.close();
			}
		}
	}

}
