package dev.screenshots.runtime.security;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import dev.screenshots.testsupport.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy connects to the address the policy checked, so a name that resolves to
 * another address a moment later (DNS rebinding) cannot steer a request there.
 */
class EgressProxyTest {

	@Test
	void connectsToTheCheckedAddressAndChecksEveryRequestAgain() throws Exception {
		HttpServer origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		AtomicInteger hits = new AtomicInteger();
		origin.createContext("/", (exchange) -> {
			hits.incrementAndGet();
			byte[] body = exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		origin.start();
		int port = origin.getAddress().getPort();
		// "hooks.test" is no real name: the first lookup answers the allowed origin,
		// every
		// later one a denied private address
		AtomicInteger lookups = new AtomicInteger();
		UrlPolicy policy = new UrlPolicy(
				new UrlPolicyProperties(true, List.of("127.0.0.1:" + port), List.of(), Map.of(), Duration.ofSeconds(1)),
				List.of(), (host) -> List.of(InetAddress.getByName(
						(host.equals("hooks.test") && lookups.getAndIncrement() == 0) ? "127.0.0.1" : "10.255.255.1")));
		try (EgressProxy proxy = EgressProxy.open(policy);
				HttpClient client = HttpClient.newBuilder()
					.proxy(ProxySelector.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port())))
					.version(HttpClient.Version.HTTP_1_1)
					.build()) {
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://hooks.test:" + port + "/hook"))
				.timeout(Waits.scaled(Waits.MOMENT))
				.POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}"))
				.build();

			HttpResponse<String> first = client.send(request, HttpResponse.BodyHandlers.ofString());
			assertThat(first.statusCode()).isEqualTo(200);
			assertThat(first.body()).as("the body reached the origin").isEqualTo("{\"n\":1}");

			HttpResponse<String> rebound = client.send(request, HttpResponse.BodyHandlers.ofString());
			assertThat(rebound.statusCode()).isEqualTo(403);
			assertThat(rebound.headers().firstValue(EgressProxy.BLOCKED_HEADER))
				.hasValueSatisfying((reason) -> assertThat(reason).contains("10.255.255.1"));
			assertThat(hits.get()).isEqualTo(1);
			assertThat(proxy.blockedCount()).isEqualTo(1);
		}
		finally {
			origin.stop(0);
		}
	}

}
