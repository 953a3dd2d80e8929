package dev.screenshots.runtime.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.screenshots.model.security.TargetHost;

/**
 * A forward proxy on loopback that enforces the URL policy on outbound traffic. Each
 * capture sandbox has one, through which every request of its browser context goes
 * (navigations, redirect hops, subresources, frames, fetch/XHR, WebSockets); api-service
 * sends webhooks through one. Every request is checked against the URL policy and
 * connected to an address the policy checked, never to a name resolved again later (no
 * DNS rebinding). Plain HTTP requests are forwarded one per connection; HTTPS and
 * WebSockets are tunnelled with {@code CONNECT}. Denied requests get {@code 403} with an
 * {@value #BLOCKED_HEADER} header and are counted.
 */
public final class EgressProxy implements AutoCloseable {

	/** Marks a response the proxy made up because the policy denied the request. */
	public static final String BLOCKED_HEADER = "X-Egress-Blocked";

	private static final Logger log = LoggerFactory.getLogger(EgressProxy.class);

	private static final int MAX_HEAD = 64 * 1024;

	private static final int CONNECT_TIMEOUT_MS = 10_000;

	private final UrlPolicy policy;

	private final ServerSocket server;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final AtomicInteger blocked = new AtomicInteger();

	private final List<Blocked> blockedTargets = new CopyOnWriteArrayList<>();

	private volatile boolean closed;

	private volatile String isolated;

	/**
	 * A request the policy denied.
	 *
	 * @param host the host
	 * @param port the port
	 * @param reason why
	 */
	record Blocked(String host, int port, String reason) {
	}

	private EgressProxy(UrlPolicy policy, ServerSocket server) {
		this.policy = policy;
		this.server = server;
	}

	/**
	 * Refuses every request from now on, whatever the policy would allow: for pages that
	 * must reach nothing but the files served to them by request routing.
	 * @param reason what refusals report
	 */
	public void isolate(String reason) {
		this.isolated = reason;
	}

	/**
	 * Starts a proxy on an ephemeral loopback port.
	 * @param policy the policy it enforces
	 * @return the running proxy; close it to stop it
	 */
	public static EgressProxy open(UrlPolicy policy) {
		try {
			ServerSocket server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
			EgressProxy session = new EgressProxy(policy, server);
			Thread.ofVirtual().name("egress-" + server.getLocalPort()).start(session::acceptLoop);
			return session;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not open the egress proxy", ex);
		}
	}

	/**
	 * Where the proxy listens.
	 * @return {@code http://127.0.0.1:<port>}
	 */
	public String proxyServer() {
		return "http://127.0.0.1:" + port();
	}

	/**
	 * The port the proxy listens on, on loopback.
	 * @return the port
	 */
	public int port() {
		return this.server.getLocalPort();
	}

	/**
	 * How many requests the policy denied.
	 * @return the count
	 */
	public int blockedCount() {
		return this.blocked.get();
	}

	/**
	 * Finds why a target was blocked, if it was.
	 * @param host the normalised host
	 * @param port the port
	 * @return the reason
	 */
	public Optional<String> blockedReason(String host, int port) {
		return this.blockedTargets.stream()
			.filter((target) -> target.host().equals(host) && target.port() == port)
			.map(Blocked::reason)
			.findFirst();
	}

	private void acceptLoop() {
		while (!this.closed) {
			try {
				Socket client = this.server.accept();
				this.sockets.add(client);
				Thread.ofVirtual().start(() -> handle(client));
			}
			catch (IOException ex) {
				if (!this.closed) {
					log.debug("Egress proxy accept failed", ex);
				}
			}
		}
	}

	private void handle(Socket client) {
		Socket upstream = null;
		try {
			client.setSoTimeout(30_000);
			InputStream in = client.getInputStream();
			byte[] head = readHead(in);
			if (head == null) {
				respond(client, 400, "Bad Request", null);
				return;
			}
			String text = new String(head, StandardCharsets.ISO_8859_1);
			String requestLine = text.substring(0, text.indexOf("\r\n"));
			String[] parts = requestLine.split(" ");
			if (parts.length != 3) {
				respond(client, 400, "Bad Request", null);
				return;
			}
			boolean connect = parts[0].equalsIgnoreCase("CONNECT");
			Optional<TargetHost> target = connect ? authority(parts[1]) : absolute(parts[1]);
			if (target.isEmpty()) {
				respond(client, 400, "Bad Request", null);
				return;
			}
			String host = target.get().host();
			int port = target.get().port();
			String isolation = this.isolated;
			UrlPolicy.Decision decision = (isolation != null) ? null : this.policy.check(host, port);
			if (decision == null || !decision.allowed()) {
				String reason = (decision != null) ? decision.reason() : isolation;
				if (decision != null && decision.unresolved()) {
					respond(client, 502, "Bad Gateway", null);
					return;
				}
				this.blocked.incrementAndGet();
				if (this.blockedTargets.size() < 100) {
					this.blockedTargets.add(new Blocked(host, port, reason));
				}
				respond(client, 403, "Forbidden", reason);
				return;
			}
			upstream = dial(decision.addresses(), port);
			this.sockets.add(upstream);
			client.setSoTimeout(0);
			OutputStream toUpstream = upstream.getOutputStream();
			if (connect) {
				client.getOutputStream()
					.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
				client.getOutputStream().flush();
			}
			else {
				toUpstream.write(originRequest(parts, text));
				toUpstream.flush();
			}
			Socket origin = upstream;
			Thread.ofVirtual().start(() -> pump(client, origin));
			pump(origin, client);
		}
		catch (IOException ex) {
			if (upstream == null) {
				try {
					respond(client, 502, "Bad Gateway", null);
				}
				catch (IOException ignored) {
					// the browser went away
				}
			}
		}
		finally {
			close(client);
			if (upstream != null) {
				close(upstream);
			}
		}
	}

	private static Socket dial(List<InetAddress> addresses, int port) throws IOException {
		IOException last = null;
		for (InetAddress address : addresses) {
			Socket socket = new Socket();
			try {
				socket.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MS);
				socket.setTcpNoDelay(true);
				return socket;
			}
			catch (IOException ex) {
				last = ex;
				socket.close();
			}
		}
		throw (last != null) ? last : new IOException("no address");
	}

	/**
	 * Rewrites a proxy request (absolute URI) into an origin request: origin-form target,
	 * no proxy headers, one request per connection.
	 */
	private static byte[] originRequest(String[] requestLine, String head) {
		String target = requestLine[1];
		int schemeEnd = target.indexOf("://");
		int pathStart = target.indexOf('/', schemeEnd + 3);
		String path = (pathStart >= 0) ? target.substring(pathStart) : "/";
		StringBuilder request = new StringBuilder(requestLine[0]).append(' ')
			.append(path)
			.append(' ')
			.append(requestLine[2])
			.append("\r\n");
		String[] lines = head.substring(head.indexOf("\r\n") + 2).split("\r\n");
		for (String line : lines) {
			if (line.isEmpty()) {
				continue;
			}
			String name = line.substring(0, Math.max(0, line.indexOf(':'))).strip().toLowerCase(Locale.ROOT);
			if (name.equals("proxy-connection") || name.equals("proxy-authorization") || name.equals("connection")
					|| name.equals("keep-alive")) {
				continue;
			}
			request.append(line).append("\r\n");
		}
		request.append("Connection: close\r\n\r\n");
		return request.toString().getBytes(StandardCharsets.ISO_8859_1);
	}

	private static Optional<TargetHost> authority(String target) {
		return TargetHost.of("https://" + target + "/");
	}

	private static Optional<TargetHost> absolute(String target) {
		String lower = target.toLowerCase(Locale.ROOT);
		if (lower.startsWith("ws://")) {
			return TargetHost.of("http://" + target.substring(5));
		}
		return lower.startsWith("http://") ? TargetHost.of(target) : Optional.empty();
	}

	/**
	 * Reads the request head (through the blank line) byte by byte, so nothing of the
	 * body is consumed; the body is then pumped as it is.
	 */
	private static byte[] readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		while (head.size() < MAX_HEAD) {
			int b = in.read();
			if (b < 0) {
				return null;
			}
			head.write(b);
			matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
			if (matched == 4) {
				return head.toByteArray();
			}
		}
		return null;
	}

	private static void respond(Socket client, int status, String phrase, String blockedReason) throws IOException {
		String body = (blockedReason != null) ? "Blocked by the screenshot service's URL policy: " + blockedReason : "";
		StringBuilder response = new StringBuilder("HTTP/1.1 ").append(status)
			.append(' ')
			.append(phrase)
			.append("\r\n");
		if (blockedReason != null) {
			response.append(BLOCKED_HEADER)
				.append(": ")
				.append(blockedReason.replaceAll("[\\r\\n]", " "))
				.append("\r\n");
		}
		response.append("Content-Type: text/plain; charset=utf-8\r\n")
			.append("Content-Length: ")
			.append(body.getBytes(StandardCharsets.UTF_8).length)
			.append("\r\nConnection: close\r\n\r\n")
			.append(body);
		client.getOutputStream().write(response.toString().getBytes(StandardCharsets.UTF_8));
		client.getOutputStream().flush();
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[32 * 1024];
		try {
			InputStream in = from.getInputStream();
			OutputStream out = to.getOutputStream();
			int n;
			while ((n = in.read(buffer)) >= 0) {
				out.write(buffer, 0, n);
				out.flush();
			}
		}
		catch (IOException ex) {
			// one side closed
		}
		finally {
			close(from);
			close(to);
		}
	}

	private void close(Socket socket) {
		this.sockets.remove(socket);
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	@Override
	public void close() {
		this.closed = true;
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
		for (Socket socket : new ArrayList<>(this.sockets)) {
			close(socket);
		}
	}

}
