package dev.screenshots.worker.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.impl.Transport;

/**
 * One browser's connection to the browser host: Playwright's protocol over a WebSocket,
 * spoken by the slot's Playwright client itself instead of through a local driver
 * ({@link com.microsoft.playwright.impl.HostConnections}). Messages arrive on the HTTP
 * client's thread, are parsed there and queued; the slot's thread takes them when its
 * Playwright calls wait ({@link #poll}), as they did from the driver's pipe. The host
 * closing the socket (its server stopped, the browser gone) is queued behind the messages
 * before it, so the slot sees it in order, and {@link #isOpen()} tells the slot at once.
 */
final class HostTransport implements Transport, WebSocket.Listener {

	/** Queued when the socket closed, after every message received before. */
	private static final JsonObject CLOSED = new JsonObject();

	/**
	 * One HTTP client for every slot's socket (one selector thread), never through a
	 * proxy the JVM's properties may name: the host is a local endpoint.
	 */
	private static final HttpClient CLIENT = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

	private static final Gson JSON = new GsonBuilder().disableHtmlEscaping().create();

	/** How much of a refusing answer's body an error message keeps. */
	private static final int REFUSAL_LENGTH = 300;

	/** Read once, on the first connection ({@link #clientVersion()}). */
	private static volatile String clientVersion;

	/**
	 * How long closing waits for its close frame to be sent before the socket is dropped.
	 */
	private static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

	private final BlockingQueue<JsonObject> incoming = new LinkedBlockingQueue<>();

	/**
	 * The parts of a message that came in more than one (a screenshot's comes in many).
	 */
	private final List<char[]> parts = new ArrayList<>();

	private volatile WebSocket socket;

	private volatile String closeReason;

	private Runnable onClose;

	private boolean closeSeen;

	HostTransport() {
	}

	/**
	 * Opens a socket to the host.
	 * @param endpoint the host's endpoint ({@code ws://host:port/token})
	 * @param headers what to send with the handshake
	 * ({@code x-playwright-launch-options})
	 * @param timeout how long the handshake may take
	 * @return the open transport
	 * @throws ConnectException when the host refuses the connection (not started yet, or
	 * restarting)
	 * @throws PlaywrightException when the handshake fails otherwise
	 */
	static HostTransport open(URI endpoint, Map<String, String> headers, Duration timeout) throws ConnectException {
		HostTransport transport = new HostTransport();
		WebSocket.Builder builder = CLIENT.newWebSocketBuilder()
			.connectTimeout(timeout)
			// the server refuses a client of another minor version than its own
			.header("User-Agent", "Playwright/" + clientVersion() + " (java; screenshots capture-worker)")
			.header("x-playwright-browser", "chromium");
		headers.forEach(builder::header);
		CompletableFuture<WebSocket> handshake = builder.buildAsync(endpoint, transport);
		try {
			transport.socket = handshake.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return transport;
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof ConnectException refused) {
				throw refused;
			}
			throw new PlaywrightException("Connecting to the browser host failed: " + refusal(ex.getCause()),
					ex.getCause());
		}
		catch (TimeoutException ex) {
			// a handshake that completes after all must not leave a socket nobody uses
			handshake.thenAccept(WebSocket::abort);
			throw new PlaywrightException("The browser host did not answer within " + timeout.toMillis() + " ms");
		}
		catch (InterruptedException ex) {
			handshake.thenAccept(WebSocket::abort);
			Thread.currentThread().interrupt();
			throw new PlaywrightException("Interrupted while connecting to the browser host", ex);
		}
	}

	/**
	 * Says why the host refused the handshake: its answer's status and body where it sent
	 * one (a client of another version than the server's gets a 428 that names both), on
	 * one line and cut at {@link #REFUSAL_LENGTH} characters.
	 */
	static String refusal(Throwable cause) {
		if (cause instanceof WebSocketHandshakeException refused && refused.getResponse() != null) {
			Object body = refused.getResponse().body();
			String text = (body != null) ? body.toString().replaceAll("\\s+", " ").strip() : "";
			if (text.length() > REFUSAL_LENGTH) {
				text = text.substring(0, REFUSAL_LENGTH) + "…";
			}
			return "HTTP " + refused.getResponse().statusCode() + (text.isEmpty() ? "" : ": " + text);
		}
		return String.valueOf(cause);
	}

	/**
	 * What to run on the slot's thread when it finds the socket closed.
	 * @param onClose told once, before the first call that fails
	 */
	void onClose(Runnable onClose) {
		this.onClose = onClose;
	}

	/**
	 * @return whether the socket is still open: the host has not closed it, nor has the
	 * slot
	 */
	boolean isOpen() {
		WebSocket socket = this.socket;
		return this.closeReason == null && socket != null && !socket.isInputClosed() && !socket.isOutputClosed();
	}

	@Override
	public void send(JsonObject message) {
		if (this.closeSeen || this.closeReason != null) {
			// what was received before the close does not matter to a call that cannot go
			throw closedNow();
		}
		try {
			// one at a time: the slot's thread is the only sender, and waits for each. As
			// UTF-8 bytes in a binary frame, which the server reads as text too: the JDK
			// refuses a text frame with a lone surrogate (page text may hold one), where
			// the encoding puts a '?' in its place
			this.socket.sendBinary(ByteBuffer.wrap(JSON.toJson(message).getBytes(StandardCharsets.UTF_8)), true).join();
		}
		catch (RuntimeException ex) {
			// the socket broke under the send: the browser is as gone as if the host had
			// closed it, and the call's failure must say so
			markClosed("Sending to the browser host failed: " + ex.getMessage());
			this.socket.abort();
			throw closedNow();
		}
	}

	@Override
	public JsonObject poll(Duration timeout) {
		if (this.closeSeen) {
			throw closedNow();
		}
		JsonObject message;
		try {
			message = this.incoming.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PlaywrightException("Interrupted while waiting for the browser host", ex);
		}
		if (message != CLOSED) {
			return message;
		}
		throw closedNow();
	}

	/**
	 * Tells {@link #onClose} (once) and makes the failure of the call that found the
	 * socket closed.
	 */
	private PlaywrightException closedNow() {
		if (!this.closeSeen) {
			this.closeSeen = true;
			if (this.onClose != null) {
				this.onClose.run();
			}
		}
		return new PlaywrightException(closed());
	}

	/**
	 * Drops the socket at once, from any thread: a call of the slot's that waits on the
	 * host fails within moments ({@link #poll} looks every few milliseconds).
	 * @param reason what the failed call says
	 */
	void abort(String reason) {
		markClosed(reason);
		WebSocket socket = this.socket;
		if (socket != null) {
			socket.abort();
		}
	}

	@Override
	public void close() throws IOException {
		markClosed("Browser has been closed");
		WebSocket socket = this.socket;
		if (socket == null) {
			return;
		}
		if (socket.isOutputClosed()) {
			socket.abort();
			return;
		}
		try {
			socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			// the host is gone or slow: drop the socket
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			socket.abort();
		}
	}

	@Override
	public void onOpen(WebSocket webSocket) {
		webSocket.request(1);
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		// a message that cannot be parsed throws; the JDK's client then calls onError,
		// which closes the transport
		if (!last) {
			// the client reuses its buffer once this returns: each part is copied
			// once, and the message is parsed from the copies, never joined
			this.parts.add(copy(data));
		}
		else if (this.parts.isEmpty()) {
			this.incoming.add(JsonParser.parseString(data.toString()).getAsJsonObject());
		}
		else {
			this.parts.add(copy(data));
			try {
				this.incoming.add(JsonParser.parseReader(new PartsReader(this.parts)).getAsJsonObject());
			}
			finally {
				this.parts.clear();
			}
		}
		webSocket.request(1);
		return null;
	}

	private static char[] copy(CharSequence data) {
		if (data instanceof CharBuffer buffer && buffer.hasArray()) {
			int from = buffer.arrayOffset() + buffer.position();
			return Arrays.copyOfRange(buffer.array(), from, from + buffer.remaining());
		}
		return data.toString().toCharArray();
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		markClosed((reason == null || reason.isBlank()) ? "The browser host closed the connection (" + statusCode + ")"
				: "The browser host closed the connection: " + reason);
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		markClosed("The connection to the browser host failed: " + error);
	}

	private synchronized void markClosed(String reason) {
		if (this.closeReason == null) {
			this.closeReason = reason;
			this.incoming.add(CLOSED);
		}
	}

	private String closed() {
		return (this.closeReason != null) ? this.closeReason : "Browser has been closed";
	}

	/** Reads a message's parts one after the other. */
	private static final class PartsReader extends Reader {

		private final List<char[]> parts;

		private int part;

		private int offset;

		PartsReader(List<char[]> parts) {
			this.parts = parts;
		}

		@Override
		public int read(char[] into, int from, int length) {
			Objects.checkFromIndexSize(from, length, into.length);
			if (length == 0) {
				return 0;
			}
			while (this.part < this.parts.size() && this.offset == this.parts.get(this.part).length) {
				this.part++;
				this.offset = 0;
			}
			if (this.part == this.parts.size()) {
				return -1;
			}
			char[] current = this.parts.get(this.part);
			int count = Math.min(length, current.length - this.offset);
			System.arraycopy(current, this.offset, into, from, count);
			this.offset += count;
			return count;
		}

		@Override
		public void close() {
		}

	}

	/**
	 * The Playwright client's version, which the host's server checks.
	 * @return the version from the client's jar
	 * @throws IllegalStateException when the jar names none: a plain failure of the
	 * launch, which fails the pool's start (a build without the version is broken)
	 */
	static String clientVersion() {
		String version = clientVersion;
		if (version == null) {
			version = readClientVersion();
			clientVersion = version;
		}
		return version;
	}

	private static String readClientVersion() {
		String version = Playwright.class.getPackage().getImplementationVersion();
		if (version != null) {
			return version;
		}
		try (InputStream in = Playwright.class
			.getResourceAsStream("/META-INF/maven/com.microsoft.playwright/playwright/pom.properties")) {
			Properties properties = new Properties();
			if (in != null) {
				properties.load(in);
			}
			version = properties.getProperty("version");
		}
		catch (IOException ex) {
			// no version found: below
		}
		if (version == null) {
			// without it the server could not refuse a client of another version
			throw new IllegalStateException("The Playwright client's version is not in its jar");
		}
		return version;
	}

}
