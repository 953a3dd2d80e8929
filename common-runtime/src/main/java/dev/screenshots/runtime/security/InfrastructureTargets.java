package dev.screenshots.runtime.security;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.core.env.Environment;

import dev.screenshots.model.security.Addresses;
import dev.screenshots.model.security.TargetHost;

/**
 * The service's own infrastructure as URL policy entries: the database, the broker, the
 * object store and the service's HTTP ports. Pages must never reach them, even when an
 * operator allows loopback for local test pages, so they are denied by host and port
 * whatever else the policy says.
 */
public final class InfrastructureTargets {

	private InfrastructureTargets() {
	}

	/**
	 * Reads the endpoints from the service's configuration.
	 * @param environment the Spring environment
	 * @return {@code host:port} entries, names also resolved to their addresses
	 */
	public static List<String> of(Environment environment) {
		Set<String> entries = new LinkedHashSet<>();
		String jdbc = environment.getProperty("spring.datasource.url", "");
		if (jdbc.startsWith("jdbc:postgresql://")) {
			URI database = URI.create(jdbc.substring("jdbc:".length()));
			add(entries, database.getHost(), (database.getPort() > 0) ? database.getPort() : 5432);
		}
		add(entries, environment.getProperty("spring.rabbitmq.host", "localhost"),
				environment.getProperty("spring.rabbitmq.port", Integer.class, 5672));
		String s3 = environment.getProperty("storage.s3.endpoint", "");
		if (!s3.isBlank()) {
			URI store = URI.create(s3);
			add(entries, store.getHost(),
					(store.getPort() > 0) ? store.getPort() : ("https".equals(store.getScheme()) ? 443 : 80));
		}
		int serverPort = environment.getProperty("server.port", Integer.class, 8080);
		for (String local : List.of("127.0.0.1", "::1", "localhost")) {
			if (serverPort > 0) {
				add(entries, local, serverPort);
			}
			Integer managementPort = environment.getProperty("management.server.port", Integer.class);
			if (managementPort != null && managementPort > 0) {
				add(entries, local, managementPort);
			}
		}
		return new ArrayList<>(entries);
	}

	private static void add(Set<String> entries, String host, int port) {
		if (host == null || host.isBlank() || port <= 0) {
			return;
		}
		String normalised = TargetHost
			.normaliseHost(host.startsWith("[") || host.indexOf(':') < 0 ? host : "[" + host + "]")
			.orElse(host);
		entries.add(entry(normalised, port));
		if (Addresses.literal(normalised).isEmpty()) {
			try {
				for (InetAddress address : InetAddress.getAllByName(normalised)) {
					entries.add(entry(address.getHostAddress(), port));
				}
			}
			catch (UnknownHostException ex) {
				// not resolvable now: the name entry still applies
			}
		}
	}

	private static String entry(String host, int port) {
		return (host.indexOf(':') >= 0) ? "[" + host + "]:" + port : host + ":" + port;
	}

}
