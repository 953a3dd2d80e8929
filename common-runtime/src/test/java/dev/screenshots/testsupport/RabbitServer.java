package dev.screenshots.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * A RabbitMQ broker for tests: a container when Docker is available, otherwise the broker
 * on {@code 127.0.0.1:5672} with guest/guest (override with {@code TEST_RABBIT_HOST},
 * {@code TEST_RABBIT_PORT}, {@code TEST_RABBIT_USER}, {@code TEST_RABBIT_PASSWORD}). Each
 * test gets its own vhost, created and deleted with {@code rabbitmqctl}, or through the
 * management HTTP API when {@code TEST_RABBIT_MANAGEMENT_URL} is set (a broker in a CI
 * service container, where there is no {@code rabbitmqctl}).
 */
public final class RabbitServer {

	private static RabbitServer instance;

	private final String host;

	private final int port;

	private final String username;

	private final String password;

	private final RabbitMQContainer container;

	private RabbitServer(String host, int port, String username, String password, RabbitMQContainer container) {
		this.host = host;
		this.port = port;
		this.username = username;
		this.password = password;
		this.container = container;
	}

	public static synchronized RabbitServer get() {
		if (instance == null) {
			if (DockerSupport.available()) {
				RabbitMQContainer container = new RabbitMQContainer("rabbitmq:3.13-alpine");
				container.start();
				instance = new RabbitServer(container.getHost(), container.getAmqpPort(), container.getAdminUsername(),
						container.getAdminPassword(), container);
			}
			else {
				String host = System.getenv().getOrDefault("TEST_RABBIT_HOST", "127.0.0.1");
				int port = Integer.parseInt(System.getenv().getOrDefault("TEST_RABBIT_PORT", "5672"));
				instance = new RabbitServer(host, port, System.getenv().getOrDefault("TEST_RABBIT_USER", "guest"),
						System.getenv().getOrDefault("TEST_RABBIT_PASSWORD", "guest"), null);
			}
		}
		return instance;
	}

	public String host() {
		return this.host;
	}

	public int port() {
		return this.port;
	}

	/**
	 * Creates a vhost with a unique name and gives the test user full permissions on it.
	 * @return the vhost; close it to delete it
	 */
	public TestVhost createVhost() {
		String vhost = "sstest_" + Long.toHexString(System.currentTimeMillis()) + "_"
				+ Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
		String managementUrl = (this.container != null) ? null : System.getenv("TEST_RABBIT_MANAGEMENT_URL");
		if (managementUrl != null && !managementUrl.isBlank()) {
			String vhostUrl = managementUrl.replaceAll("/+$", "") + "/api/vhosts/" + vhost;
			String permissionsUrl = managementUrl.replaceAll("/+$", "") + "/api/permissions/" + vhost + "/"
					+ this.username;
			management("PUT", vhostUrl, "{}");
			management("PUT", permissionsUrl, "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
			return new TestVhost(this.host, this.port, this.username, this.password, vhost,
					() -> management("DELETE", vhostUrl, null));
		}
		rabbitmqctl("add_vhost", vhost);
		rabbitmqctl("set_permissions", "-p", vhost, this.username, ".*", ".*", ".*");
		return new TestVhost(this.host, this.port, this.username, this.password, vhost,
				() -> rabbitmqctl("delete_vhost", vhost));
	}

	private void management(String method, String url, String json) {
		String credentials = Base64.getEncoder()
			.encodeToString((this.username + ":" + this.password).getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", "Basic " + credentials)
			.header("Content-Type", "application/json")
			.timeout(Waits.scaled(Waits.MOMENT))
			.method(method, (json != null) ? BodyPublishers.ofString(json) : BodyPublishers.noBody())
			.build();
		try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
			HttpResponse<String> response = client.send(request, BodyHandlers.ofString());
			if (response.statusCode() / 100 != 2) {
				throw new IllegalStateException(
						method + " " + url + " answered " + response.statusCode() + ": " + response.body());
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("the RabbitMQ management API at " + url + " is unreachable", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void rabbitmqctl(String... args) {
		List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
		command.addAll(List.of(args));
		if (this.container != null) {
			try {
				ExecResult result = this.container.execInContainer(command.toArray(String[]::new));
				if (result.getExitCode() != 0) {
					throw new IllegalStateException(String.join(" ", command) + " failed: " + result.getStderr());
				}
				return;
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(Waits.scaled(Waits.MOMENT).toMillis(), TimeUnit.MILLISECONDS)
					|| process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed: " + output
						+ "\nThe integration tests need the local RabbitMQ and rabbitmqctl (run scripts/test.sh)");
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("rabbitmqctl is needed to create test vhosts on the local broker", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
