package dev.screenshots.worker.browser;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLSession;

import com.google.gson.JsonObject;
import com.microsoft.playwright.PlaywrightException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How {@link HostTransport} turns the socket's frames into Playwright's messages. The
 * socket itself is the JDK's; {@code BrowserPoolIntegrationTests} and
 * {@code BrowserKillIntegrationTests} run it against a real browser host.
 */
class HostTransportTest {

	private static final Duration NOW = Duration.ofMillis(10);

	private final Socket socket = new Socket();

	private final HostTransport transport = new HostTransport();

	@Test
	void aMessageInOnePartIsParsed() {
		this.transport.onText(this.socket, "{\"id\":1,\"result\":{}}", true);
		assertThat(this.transport.poll(NOW).get("id").getAsInt()).isEqualTo(1);
		assertThat(this.socket.requested).hasValue(1);
	}

	@Test
	void aMessageInManyPartsIsParsedWhole() {
		String data = "iVBORw0KGgo".repeat(50_000);
		String message = "{\"id\":7,\"result\":{\"binary\":\"" + data + "\"}}";
		int third = message.length() / 3;
		// the client's parts are buffers over a larger array, at an offset
		char[] padded = ("xx" + message.substring(0, third) + "yy").toCharArray();
		this.transport.onText(this.socket, CharBuffer.wrap(padded, 2, third).slice(), false);
		this.transport.onText(this.socket, message.substring(third, 2 * third), false);
		assertThat(this.transport.poll(NOW)).as("nothing until the last part").isNull();
		this.transport.onText(this.socket, CharBuffer.wrap(message.substring(2 * third)), true);

		JsonObject parsed = this.transport.poll(NOW);
		assertThat(parsed.get("id").getAsInt()).isEqualTo(7);
		assertThat(parsed.getAsJsonObject("result").get("binary").getAsString()).isEqualTo(data);

		this.transport.onText(this.socket, "{\"id\":8}", true);
		assertThat(this.transport.poll(NOW).get("id").getAsInt()).as("the next message starts afresh").isEqualTo(8);
	}

	@Test
	void theCloseComesAfterTheMessagesBeforeItAndIsToldOnce() {
		AtomicInteger told = new AtomicInteger();
		this.transport.onClose(told::incrementAndGet);
		this.transport.onText(this.socket, "{\"id\":1}", true);
		this.transport.onClose(this.socket, 1001, "server stopped");

		assertThat(this.transport.isOpen()).isFalse();
		assertThat(this.transport.poll(NOW).get("id").getAsInt()).isEqualTo(1);
		assertThatExceptionOfType(PlaywrightException.class).isThrownBy(() -> this.transport.poll(NOW))
			.withMessageContaining("server stopped");
		assertThatExceptionOfType(PlaywrightException.class).isThrownBy(() -> this.transport.send(new JsonObject()))
			.withMessageContaining("server stopped");
		assertThat(told).hasValue(1);
	}

	@Test
	void aMessageThatIsNotJsonFailsTheFrameAndTheNextStartsAfresh() {
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> this.transport.onText(this.socket, "{\"id\":", true));
		this.transport.onText(this.socket, "{\"id\":", false);
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> this.transport.onText(this.socket, "}", true));
		this.transport.onText(this.socket, "{\"id\":", false);
		this.transport.onText(this.socket, "9}", false);
		this.transport.onText(this.socket, "", true);
		assertThat(this.transport.poll(NOW).get("id").getAsInt()).as("an empty last part").isEqualTo(9);
	}

	@Test
	void aRefusedHandshakeSaysTheStatusAndTheBodyOnOneLine() {
		String banner = "╔════╗\n║ Playwright version mismatch:\n║   - server version: v1.99\n║   - client version: v1.62\n╚════╝\n"
				+ "x".repeat(1000);
		String refusal = HostTransport.refusal(new WebSocketHandshakeException(new Refused(428, banner)));
		assertThat(refusal).startsWith("HTTP 428: ╔════╗ ║ Playwright version mismatch: ║ - server version: v1.99")
			.doesNotContain("\n")
			.endsWith("…")
			.hasSizeLessThan(320);
		assertThat(HostTransport.refusal(new WebSocketHandshakeException(new Refused(401, "")))).isEqualTo("HTTP 401");
	}

	@Test
	void theClientVersionComesFromPlaywrightsJar() {
		assertThat(HostTransport.clientVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
	}

	/** A host's answer to a handshake it refused. */
	private record Refused(int statusCode, String body) implements HttpResponse<String> {

		@Override
		public HttpRequest request() {
			return HttpRequest.newBuilder(URI.create("ws://127.0.0.1:1/token")).build();
		}

		@Override
		public Optional<HttpResponse<String>> previousResponse() {
			return Optional.empty();
		}

		@Override
		public HttpHeaders headers() {
			return HttpHeaders.of(Map.of(), (name, value) -> true);
		}

		@Override
		public Optional<SSLSession> sslSession() {
			return Optional.empty();
		}

		@Override
		public URI uri() {
			return request().uri();
		}

		@Override
		public HttpClient.Version version() {
			return HttpClient.Version.HTTP_1_1;
		}

	}

	/** Counts what the transport asks of the socket; sends nothing. */
	private static final class Socket implements WebSocket {

		final AtomicInteger requested = new AtomicInteger();

		@Override
		public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
			throw new UnsupportedOperationException();
		}

		@Override
		public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
			throw new UnsupportedOperationException();
		}

		@Override
		public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
			throw new UnsupportedOperationException();
		}

		@Override
		public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
			throw new UnsupportedOperationException();
		}

		@Override
		public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void request(long n) {
			this.requested.addAndGet((int) n);
		}

		@Override
		public String getSubprotocol() {
			return "";
		}

		@Override
		public boolean isOutputClosed() {
			return false;
		}

		@Override
		public boolean isInputClosed() {
			return false;
		}

		@Override
		public void abort() {
		}

	}

}
